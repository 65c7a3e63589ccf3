using System.Globalization;

namespace Sesame.Core.Settings;

/// <summary>
/// The one parser per type every setting uses, so a duration or a flag means the same wherever it is
/// written. Each returns false for text it does not accept; <see cref="SettingsSource"/> turns that
/// into an error naming the setting and where it was set.
/// </summary>
public static class SettingParsers
{
    /// <summary>Durations above this are refused (about 115 days: far beyond any AWS session).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(10_000_000);

    /// <summary>The grammar of durations, for messages.</summary>
    public const string DurationGrammar = "seconds, or a number with s, m, h or d, such as 900, 15m, 12h, 1d";

    /// <summary>The grammar of Sesame's flags, for messages.</summary>
    public const string FlagGrammar = "true or false (also yes/no, on/off, 1/0)";

    /// <summary>
    /// Parses a duration: whole seconds (<c>3600</c>) or a whole number with a unit (<c>90s</c>,
    /// <c>15m</c>, <c>12h</c>, <c>1d</c>; the unit in either case), at most <see cref="MaxDuration"/>.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        var value = text.AsSpan().Trim(" \t");
        if (value.IsEmpty)
        {
            return false;
        }

        var multiplier = char.ToLowerInvariant(value[^1]) switch { 's' => 1L, 'm' => 60L, 'h' => 3600L, 'd' => 86400L, _ => 0L };
        var number = multiplier == 0 ? value : value[..^1];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > MaxDuration.TotalSeconds)
        {
            return false;
        }

        var seconds = amount * Math.Max(multiplier, 1);
        if (seconds > MaxDuration.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Formats a duration the way <see cref="TryParseDuration"/> reads it: <c>8h</c>, <c>15m</c>, <c>90s</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
        => duration.Ticks % TimeSpan.TicksPerDay == 0 && duration > TimeSpan.Zero ? $"{(long)duration.TotalDays}d"
        : duration.Ticks % TimeSpan.TicksPerHour == 0 && duration > TimeSpan.Zero ? $"{(long)duration.TotalHours}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration > TimeSpan.Zero ? $"{(long)duration.TotalMinutes}m"
        : $"{(long)duration.TotalSeconds}s";

    /// <summary>Parses one of Sesame's flags: true/false, yes/no, on/off, 1/0, in any case.</summary>
    public static bool TryParseFlag(string? text, out bool value)
    {
        switch (text?.Trim(' ', '\t').ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                value = true;
                return true;
            case "false" or "0" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// An AWS flag read as botocore's <c>ensure_boolean</c> does: <c>true</c> in any case is true, any
    /// other text is false. (Sesame keeps the AWS rule for AWS settings, so a file means the same to both.)
    /// </summary>
    public static bool AwsFlag(string? text) => string.Equals(text?.Trim(' ', '\t'), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A region name as botocore's <c>validate_region_name</c> accepts it:
    /// <c>^[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?$</c>.
    /// </summary>
    public static bool IsRegion(string text)
    {
        if (text.Length is 0 or > 63 || !char.IsAsciiLetterOrDigit(text[0]) || !char.IsAsciiLetterOrDigit(text[^1]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An endpoint URL: absolute, http or https, with a host (botocore's <c>is_valid_endpoint_url</c>).</summary>
    public static bool TryParseUrl(string? text, out Uri url)
    {
        url = null!;
        var value = text?.Trim(' ', '\t');
        if (string.IsNullOrEmpty(value) || !Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) || parsed.Host.Length == 0)
        {
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>A whole number in a range.</summary>
    public static bool TryParseInteger(string? text, int min, int max, out int value)
        => int.TryParse(text?.Trim(' ', '\t'), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    /// <summary>A positive number of seconds, fractions allowed (botocore's metadata timeout), at most <paramref name="max"/>.</summary>
    public static bool TryParseSeconds(string? text, double max, out TimeSpan value)
    {
        value = default;
        if (!double.TryParse(text?.Trim(' ', '\t'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > max)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
