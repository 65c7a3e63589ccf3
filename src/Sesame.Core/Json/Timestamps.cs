using System.Globalization;

namespace Sesame.Core.Json;

/// <summary>
/// Times in AWS credential documents: ISO 8601 / RFC 3339 with an explicit zone
/// (<c>2024-01-15T13:00:00Z</c>, <c>…+00:00</c>). The Go SDK parses <c>credential_process</c>
/// expirations strictly as RFC 3339, so a time without a zone is refused rather than guessed.
/// botocore's CLI cache writes <c>…UTC</c> (boto/botocore#1808); that suffix is accepted too.
/// </summary>
internal static class Timestamps
{
    /// <summary>Parses a time that carries its zone; false when it is malformed or has no zone.</summary>
    public static bool TryParseWithZone(string? text, out DateTimeOffset value)
    {
        value = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !HasZonedShape(trimmed))
        {
            return false;
        }

        if (trimmed.EndsWith("UTC", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^3] + "Z";
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }

    // ^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|UTC|[+-]\d{2}(:?\d{2})?)$, by hand (no regex engine in the binary).
    internal static bool HasZonedShape(ReadOnlySpan<char> text)
    {
        if (text.Length < 17 || !Digits(text, 0, 4) || text[4] != '-' || !Digits(text, 5, 2) || text[7] != '-' || !Digits(text, 8, 2)
            || text[10] is not ('T' or 't' or ' ') || !Digits(text, 11, 2) || text[13] != ':' || !Digits(text, 14, 2))
        {
            return false;
        }

        var i = 16;
        if (i < text.Length && text[i] == ':')
        {
            if (!Digits(text, i + 1, 2))
            {
                return false;
            }

            i += 3;
            if (i < text.Length && text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    return false;
                }
            }
        }

        var zone = text[i..];
        return zone is "Z" or "z" or "UTC"
            || (zone.Length >= 3 && zone[0] is '+' or '-' && Digits(zone, 1, 2)
                && (zone.Length == 3 || (zone.Length == 5 && Digits(zone, 3, 2)) || (zone.Length == 6 && zone[3] == ':' && Digits(zone, 4, 2))));
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count)
    {
        if (start + count > text.Length)
        {
            return false;
        }

        foreach (var c in text.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
