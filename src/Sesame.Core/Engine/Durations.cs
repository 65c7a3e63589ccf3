using System.Globalization;

namespace Sesame.Core.Engine;

/// <summary>Parses durations written as seconds (<c>3600</c>) or with a unit (<c>90s</c>, <c>15m</c>, <c>12h</c>, <c>1d</c>).</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; returns false when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var unit = value[^1];
        var multiplier = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        var number = multiplier == 0 ? value : value[..^1];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > int.MaxValue)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(amount * Math.Max(multiplier, 1));
        return true;
    }
}
