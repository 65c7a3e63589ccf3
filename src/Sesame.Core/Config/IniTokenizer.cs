using Sesame.Core.Errors;

namespace Sesame.Core.Config;

// The AWS shared-config line grammar, as the cross-SDK profile-parser suite defines it
// (smithy-rs aws-runtime/src/env_config/parse.rs is the reference reader):
// - lines end at '\n'; a '\r' before it is dropped; a lone '\r' is not a line break;
// - whitespace is exactly ' ' and '\t' (not .NET's Unicode whitespace);
// - a line whose first character is '#' or ';' is a comment; an indented '#' line is not;
// - '[' in column 1 starts a section header, which may be followed by a comment with no space;
// - a line starting with whitespace continues the previous property (or is a sub-property
//   when that property's own value was empty);
// - on a property line, '#' or ';' starts a comment only after whitespace (`a = b#c` keeps `b#c`);
//   continuation and sub-property lines keep comments verbatim.

/// <summary>What one line of an AWS config or credentials file is.</summary>
public enum LineKind : byte
{
    /// <summary>Empty or only spaces and tabs.</summary>
    Blank,

    /// <summary>Starts with '#' or ';'.</summary>
    Comment,

    /// <summary>A <c>[section]</c> header.</summary>
    SectionHeader,

    /// <summary>A <c>key = value</c> line.</summary>
    Property,

    /// <summary>An indented line that continues the previous property or holds a sub-property.</summary>
    Continuation,
}

/// <summary>
/// One tokenized line, as offsets into the file text, so that tokenizing a large file allocates
/// nothing per line. For a header, A is the text between the brackets; for a property, A is the key
/// and B the value (comment removed, trimmed); for a continuation, A is the trimmed line.
/// </summary>
public readonly record struct IniLine(
    int Start,
    int Length,
    int EolLength,
    LineKind Kind,
    int AStart,
    int ALength,
    int BStart,
    int BLength)
{
    /// <summary>Offset just past this line's terminator.</summary>
    public int End => Start + Length + EolLength;
}

/// <summary>Splits a file into <see cref="IniLine"/>s and checks its structure.</summary>
public static class IniTokenizer
{
    private const string NoEquals = "Expected an '=' sign defining a property";
    private const string NoName = "Property did not have a name";

    /// <summary>
    /// Tokenizes <paramref name="text"/>. Structural errors (a header without ']', a property
    /// before any section, a line without '=', an empty key, a continuation with nothing to
    /// continue, a bad sub-property) throw <see cref="ConfigParseException"/> with the file and line,
    /// because every AWS SDK refuses such a file as a whole.
    /// </summary>
    public static IniLine[] Tokenize(string text, string? path)
    {
        var lines = new List<IniLine>(EstimateLineCount(text));
        var inSection = false;
        var hasProperty = false;
        var propertyIsParent = false;
        var position = 0;
        var lineNumber = 0;
        while (position < text.Length)
        {
            lineNumber++;
            var newline = text.IndexOf('\n', position);
            int length, eol;
            if (newline < 0)
            {
                length = text.Length - position;
                eol = 0;
            }
            else
            {
                length = newline - position;
                eol = 1;
            }

            if (length > 0 && text[position + length - 1] == '\r' && eol == 1)
            {
                length--;
                eol = 2;
            }

            var line = text.AsSpan(position, length);
            IniLine token;
            if (IsBlank(line))
            {
                token = new IniLine(position, length, eol, LineKind.Blank, 0, 0, 0, 0);
            }
            else if (line[0] is '#' or ';')
            {
                token = new IniLine(position, length, eol, LineKind.Comment, 0, 0, 0, 0);
            }
            else if (line[0] == '[')
            {
                var prepared = PrepareLine(line, commentsNeedWhitespace: false, out var offset);
                if (prepared.Length < 2 || prepared[^1] != ']')
                {
                    throw new ConfigParseException("Profile definition must end with ']'", path, lineNumber);
                }

                var inner = prepared[1..^1];
                var innerOffset = offset + 1;
                var trimmed = TrimWhitespace(inner, out var lead);
                token = new IniLine(position, length, eol, LineKind.SectionHeader, position + innerOffset + lead, trimmed.Length, 0, 0);
                inSection = true;
                hasProperty = false;
                propertyIsParent = false;
            }
            else if (line[0] is ' ' or '\t')
            {
                if (!inSection)
                {
                    throw new ConfigParseException("Expected a profile definition, found continuation", path, lineNumber);
                }

                if (!hasProperty)
                {
                    throw new ConfigParseException("Expected a property definition, found continuation", path, lineNumber);
                }

                if (propertyIsParent)
                {
                    var error = SplitProperty(line, out _, out _, out _, out _);
                    if (error is not null)
                    {
                        var message = error == NoEquals ? "Expected an '=' sign defining a sub-property" : "Sub-property did not have a name";
                        throw new ConfigParseException(message, path, lineNumber);
                    }
                }

                var content = TrimWhitespace(line, out var lead);
                token = new IniLine(position, length, eol, LineKind.Continuation, position + lead, content.Length, 0, 0);
            }
            else
            {
                if (!inSection)
                {
                    throw new ConfigParseException("Expected a profile definition", path, lineNumber);
                }

                var error = SplitProperty(line, out var keyStart, out var keyLength, out var valueStart, out var valueLength);
                if (error is not null)
                {
                    throw new ConfigParseException(error, path, lineNumber);
                }

                token = new IniLine(position, length, eol, LineKind.Property, position + keyStart, keyLength, position + valueStart, valueLength);
                hasProperty = true;
                propertyIsParent = valueLength == 0;
            }

            lines.Add(token);
            position += length + eol;
        }

        return [.. lines];
    }

    /// <summary>True when the span holds only spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<char> line) => line.TrimStart(" \t").IsEmpty;

    /// <summary>Trims exactly spaces and tabs, reporting how many leading characters were removed.</summary>
    public static ReadOnlySpan<char> TrimWhitespace(ReadOnlySpan<char> value, out int leading)
    {
        var start = value.TrimStart(" \t");
        leading = value.Length - start.Length;
        return start.TrimEnd(" \t");
    }

    /// <summary>
    /// Splits a property (or sub-property) line at its first '=' after removing a trailing comment.
    /// Returns an error message, or <c>null</c> with the key and value offsets relative to the line.
    /// </summary>
    public static string? SplitProperty(ReadOnlySpan<char> line, out int keyStart, out int keyLength, out int valueStart, out int valueLength)
    {
        keyStart = keyLength = valueStart = valueLength = 0;
        var prepared = PrepareLine(line, commentsNeedWhitespace: true, out var offset);
        var equals = prepared.IndexOf('=');
        if (equals < 0)
        {
            return NoEquals;
        }

        var key = TrimWhitespace(prepared[..equals], out var keyLead);
        if (key.IsEmpty)
        {
            return NoName;
        }

        var value = TrimWhitespace(prepared[(equals + 1)..], out var valueLead);
        keyStart = offset + keyLead;
        keyLength = key.Length;
        valueStart = offset + equals + 1 + valueLead;
        valueLength = value.Length;
        return null;
    }

    /// <summary>
    /// Trims the line and cuts a trailing comment: on headers any '#' or ';' starts one, on
    /// property lines only one preceded by whitespace does.
    /// </summary>
    private static ReadOnlySpan<char> PrepareLine(ReadOnlySpan<char> line, bool commentsNeedWhitespace, out int offset)
    {
        var trimmed = TrimWhitespace(line, out offset);
        var previousWasWhitespace = false;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if ((c == '#' || c == ';') && (previousWasWhitespace || !commentsNeedWhitespace))
            {
                return trimmed[..i].TrimEnd(" \t");
            }

            // The reference reader uses Unicode whitespace here (Rust char::is_whitespace).
            previousWasWhitespace = char.IsWhiteSpace(c);
        }

        return trimmed;
    }

    private static int EstimateLineCount(string text) => Math.Max(4, text.Length / 24);
}
