using System.Text;

namespace Sesame.Core.Stores.EncryptedFile;

/// <summary>
/// The encrypted store's plain text format: one <c>name value</c> pair per line (split at the
/// first space), values percent-encoded where they could break a line. Read with spans and no
/// JSON library, because reading an item is on the <c>credential_process</c> hot path and loading
/// System.Text.Json costs more than the rest of the read (docs/secrets.md, "Performance").
/// </summary>
internal static class LineFormat
{
    /// <summary>Escapes '%', control characters and (with <paramref name="space"/>) spaces as %XX.</summary>
    public static string Escape(string value, bool space = false)
    {
        var needs = false;
        foreach (var c in value)
        {
            if (c is '%' or < ' ' or '\u007f' || (space && c == ' '))
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '%' or < ' ' or '\u007f' || (space && c == ' '))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>; <c>null</c> on a malformed escape.</summary>
    public static string? Unescape(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value.ToString();
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                builder.Append(value[i]);
                continue;
            }

            if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
            {
                return null;
            }

            builder.Append((char)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
            i += 2;
        }

        return builder.ToString();
    }

    /// <summary>Splits text into (name, raw value) pairs; <c>null</c> when a line has no space or the text is not UTF-8.</summary>
    public static List<KeyValuePair<string, string>>? Parse(ReadOnlySpan<byte> content)
    {
        // Items are ASCII in practice: TextDecoding skips the UTF-8 transcoder's first-use cost
        // (about 1.5 ms of a cached answer) for them.
        if (Config.TextDecoding.DecodeOrNull(content) is not { } text)
        {
            return null;
        }

        var pairs = new List<KeyValuePair<string, string>>(8);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var space = line.IndexOf(' ');
            if (space <= 0)
            {
                return null;
            }

            pairs.Add(new(line[..space].ToString(), line[(space + 1)..].ToString()));
        }

        return pairs;
    }

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ssZ</c> without culture machinery; <c>null</c> otherwise.</summary>
    public static DateTimeOffset? ParseUtc(ReadOnlySpan<char> text)
    {
        if (text.Length != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        {
            return null;
        }

        int year = Number(text, 0, 4), month = Number(text, 5, 2), day = Number(text, 8, 2), hour = Number(text, 11, 2), minute = Number(text, 14, 2), second = Number(text, 17, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
    }

    private static int Number(ReadOnlySpan<char> text, int start, int length)
    {
        var value = 0;
        foreach (var c in text.Slice(start, length))
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    /// <summary>Formats a time as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string FormatUtc(DateTimeOffset time)
        => Credentials.UtcTimestamp.Format(time);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
