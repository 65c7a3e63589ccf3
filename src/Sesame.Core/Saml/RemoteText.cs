using System.Text;

namespace Sesame.Core.Saml;

/// <summary>
/// Text from a remote page (an IdP's error label, an account name) made safe to show on one terminal
/// line: HTML already decoded by the caller, control characters (escape sequences, new lines, bidi
/// controls) dropped, white space collapsed, and the length capped.
/// </summary>
public static class RemoteText
{
    /// <summary>The longest text kept; the rest is cut with an ellipsis.</summary>
    public const int MaxLength = 300;

    /// <summary>Returns <paramref name="text"/> cleaned; an empty string for <c>null</c>.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            // Bidirectional overrides and zero-width characters can disguise what a line says.
            if (c is (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\uFEFF')
            {
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
            if (builder.Length > MaxLength)
            {
                builder.Length = MaxLength;
                builder.Append('…');
                break;
            }
        }

        return builder.ToString();
    }
}
