using System.Runtime.CompilerServices;

namespace Sesame.Core.Config;

/// <summary>
/// A section header line of a file that already passed validation, parsed by IniTokenizer's header rule
/// over ASCII bytes or characters alike: '[', then up to a '#' or ';' comment, trailing blanks dropped,
/// a closing ']'; the inner text trimmed of spaces and tabs and split at its first blank into a prefix
/// (<c>profile</c>, <c>sso-session</c>, …) and a name, as <c>SectionKey.Parse</c> splits it.
/// Offsets are relative to the start of the line.
/// </summary>
/// <param name="InnerOffset">Where the bracket text starts.</param>
/// <param name="InnerLength">Its length.</param>
/// <param name="PrefixLength">The prefix's length (it starts at <paramref name="InnerOffset"/>), 0 when there is none.</param>
/// <param name="NameOffset">Where the name starts.</param>
/// <param name="NameLength">Its length.</param>
/// <param name="BodyOffset">Where the section's body (the next line) starts; set by the index, 0 otherwise.</param>
internal readonly record struct HeaderSyntax(int InnerOffset, int InnerLength, int PrefixLength, int NameOffset, int NameLength, int BodyOffset = 0)
{
    /// <summary>Parses a header line (without its line terminator) of bytes or characters.</summary>
    public static bool TryParse<T>(ReadOnlySpan<T> line, out HeaderSyntax header)
        where T : unmanaged, IEquatable<T>
    {
        header = default;
        if (line.IsEmpty || Code(line[0]) != '[')
        {
            return false;
        }

        var end = line.Length;
        for (var i = 1; i < line.Length; i++)
        {
            if (Code(line[i]) is '#' or ';')
            {
                end = i;
                break;
            }
        }

        while (end > 1 && IsBlank(line[end - 1]))
        {
            end--;
        }

        if (end < 2 || Code(line[end - 1]) != ']')
        {
            return false;
        }

        var first = 1;
        var last = end - 1;
        while (first < last && IsBlank(line[first]))
        {
            first++;
        }

        while (last > first && IsBlank(line[last - 1]))
        {
            last--;
        }

        var split = -1;
        for (var i = first; i < last; i++)
        {
            if (IsBlank(line[i]))
            {
                split = i;
                break;
            }
        }

        if (split < 0)
        {
            header = new HeaderSyntax(first, last - first, 0, first, last - first);
            return true;
        }

        var lead = split + 1;
        while (lead < last && IsBlank(line[lead]))
        {
            lead++;
        }

        header = new HeaderSyntax(first, last - first, split - first, lead, last - lead);
        return true;
    }

    /// <summary>
    /// The common shape of a header, <c>[name]</c> or <c>[prefix name]</c> (one blank) ending its line,
    /// recognised in one pass over the bytes from <paramref name="position"/> (a '['); <c>false</c> for
    /// anything else (more blanks, a comment, a bracket inside, a lone CR), which <see cref="TryParse{T}"/>
    /// then reads by the full rule. Gives the same result as the full rule where it answers.
    /// </summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="position">Where the header line starts.</param>
    /// <param name="header">The header, offsets relative to <paramref name="position"/>, with its body offset.</param>
    /// <param name="end">Where the next line starts.</param>
    public static bool TrySimple(ReadOnlySpan<byte> content, int position, out HeaderSyntax header, out int end)
    {
        header = default;
        end = 0;
        var split = -1;
        var i = position + 1;
        if (i >= content.Length || content[i] is (byte)' ' or (byte)'\t' or (byte)']')
        {
            return false;
        }

        for (; i < content.Length; i++)
        {
            var b = content[i];
            if (b == ']')
            {
                break;
            }

            if (b is (byte)' ' or (byte)'\t')
            {
                if (split >= 0)
                {
                    return false;
                }

                split = i;
            }
            else if (b is (byte)'\n' or (byte)'\r' or (byte)'#' or (byte)';' or (byte)'[')
            {
                return false;
            }
        }

        var close = i;
        if (close >= content.Length || split == close - 1)
        {
            return false;
        }

        var next = close + 1;
        if (next == content.Length)
        {
            end = next;
        }
        else if (content[next] == '\n')
        {
            end = next + 1;
        }
        else if (content[next] == '\r' && next + 1 < content.Length && content[next + 1] == '\n')
        {
            end = next + 2;
        }
        else
        {
            return false;
        }

        var inner = close - position - 1;
        header = split < 0
            ? new HeaderSyntax(1, inner, 0, 1, inner, end - position)
            : new HeaderSyntax(1, inner, split - position - 1, split - position + 1, close - split - 1, end - position);
        return true;
    }

    /// <summary>True when <paramref name="span"/> holds exactly the ASCII text <paramref name="ascii"/>.</summary>
    public static bool Is<T>(ReadOnlySpan<T> span, string ascii)
        where T : unmanaged
    {
        if (span.Length != ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < span.Length; i++)
        {
            if (Code(span[i]) != ascii[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An ASCII character as a byte or a char.</summary>
    public static T Char<T>(char c)
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            var b = (byte)c;
            return Unsafe.As<byte, T>(ref b);
        }

        return Unsafe.As<char, T>(ref c);
    }

    private static int Code<T>(T value)
        where T : unmanaged
        => typeof(T) == typeof(byte) ? Unsafe.As<T, byte>(ref value) : Unsafe.As<T, char>(ref value);

    private static bool IsBlank<T>(T value)
        where T : unmanaged
        => Code(value) is ' ' or '\t';
}
