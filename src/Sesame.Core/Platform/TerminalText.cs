using System.Globalization;
using System.Text;

namespace Sesame.Core.Platform;

/// <summary>
/// Makes text that came from outside (an identity provider's or AWS's error description, an SSO
/// callback's <c>error_description</c>, an STS error message) safe to print on a terminal: control
/// characters can move the cursor, rewrite the line (a fake <c>Password:</c> prompt), change the
/// window title or colours. Line breaks and tabs become one space, every other control character
/// (C0, DEL, C1 including ESC and CSI) and the bidirectional overrides that reorder what is shown
/// become a visible <c>\xNN</c> / <c>\uNNNN</c>, and overlong text is cut.
/// </summary>
public static class TerminalText
{
    /// <summary>The longest remote text kept by default.</summary>
    public const int DefaultMaxLength = 1000;

    /// <summary>The text made printable; <c>null</c> stays <c>null</c>.</summary>
    public static string? Sanitize(string? text, int maxLength = DefaultMaxLength)
    {
        if (text is null)
        {
            return null;
        }

        if (IsClean(text) && text.Length <= maxLength)
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        var previousSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            var value = rune.Value;
            if (value is '\n' or '\r' or '\t' or '\v' or '\f')
            {
                if (!previousSpace)
                {
                    builder.Append(' ');
                }

                previousSpace = true;
                continue;
            }

            previousSpace = false;
            if (IsUnsafe(value))
            {
                builder.Append(value <= 0xFF ? "\\x" + value.ToString("x2", CultureInfo.InvariantCulture) : "\\u" + value.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="text"/> holds nothing <see cref="Sanitize"/> would change (length aside).</summary>
    public static bool IsClean(string text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c) || c is '\n' or '\r' or '\t' or '\v' or '\f' || char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    // C0, DEL, C1; the bidirectional embeddings, overrides and isolates (Trojan Source); the line
    // and paragraph separators some terminals honour.
    private static bool IsUnsafe(int value)
        => value < 0x20 || value is >= 0x7F and <= 0x9F
            || value is >= 0x202A and <= 0x202E || value is >= 0x2066 and <= 0x2069 || value is 0x200E or 0x200F or 0x061C
            || value is 0x2028 or 0x2029;
}
