using System.Globalization;
using System.Text.RegularExpressions;

namespace Sesame.Core.Json;

/// <summary>
/// Times in AWS credential documents: ISO 8601 / RFC 3339 with an explicit zone
/// (<c>2024-01-15T13:00:00Z</c>, <c>…+00:00</c>). The Go SDK parses <c>credential_process</c>
/// expirations strictly as RFC 3339, so a time without a zone is refused rather than guessed.
/// botocore's CLI cache writes <c>…UTC</c> (boto/botocore#1808); that suffix is accepted too.
/// </summary>
internal static partial class Timestamps
{
    /// <summary>Parses a time that carries its zone; false when it is malformed or has no zone.</summary>
    public static bool TryParseWithZone(string? text, out DateTimeOffset value)
    {
        value = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !ZonePattern().IsMatch(trimmed))
        {
            return false;
        }

        if (trimmed.EndsWith("UTC", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^3] + "Z";
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|UTC|[+-]\d{2}(:?\d{2})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex ZonePattern();
}
