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

    /// <summary>A header without ']' or a property line without a key or '='; <see cref="IniLine.Error"/> says which.</summary>
    Invalid,
}

/// <summary>
/// One line, as offsets into the file text (so reading a large file allocates nothing per line).
/// For a header, A is the text between the brackets; for a property, A is the key and B the value
/// (comment removed, trimmed); for a continuation, A is the trimmed line.
/// </summary>
public readonly record struct IniLine(
    int Number,
    int Start,
    int Length,
    int EolLength,
    LineKind Kind,
    int AStart,
    int ALength,
    int BStart,
    int BLength,
    string? Error = null)
{
    /// <summary>Offset just past this line's terminator.</summary>
    public int End => Start + Length + EolLength;
}

/// <summary>Reads the lines of a text range one by one, classifying each without allocating.</summary>
public ref struct IniLineReader
{
    private readonly string _text;
    private readonly int _end;
    private int _position;
    private int _number;

    /// <summary>Reads <paramref name="text"/> from <paramref name="start"/> to <paramref name="end"/>; the first line is numbered <paramref name="firstLineNumber"/>.</summary>
    public IniLineReader(string text, int start, int end, int firstLineNumber)
    {
        _text = text;
        _position = start;
        _end = end;
        _number = firstLineNumber - 1;
        Current = default;
    }

    /// <summary>The line just read.</summary>
    public IniLine Current { get; private set; }

    /// <summary>Reads the next line; false at the end of the range.</summary>
    public bool MoveNext()
    {
        if (_position >= _end)
        {
            return false;
        }

        _number++;
        var newline = _text.AsSpan(_position, _end - _position).IndexOf('\n');
        int length, eol;
        if (newline < 0)
        {
            length = _end - _position;
            eol = 0;
        }
        else
        {
            length = newline;
            eol = 1;
            if (length > 0 && _text[_position + length - 1] == '\r')
            {
                length--;
                eol = 2;
            }
        }

        Current = IniTokenizer.Classify(_text, _number, _position, length, eol);
        _position += length + eol;
        return true;
    }
}

/// <summary>Classifies lines and checks a file's structure.</summary>
public static class IniTokenizer
{
    private const string NoEquals = "Expected an '=' sign defining a property";
    private const string NoName = "Property did not have a name";

    /// <summary>Every line of <paramref name="text"/>, checked (see <see cref="Validate"/>).</summary>
    public static IniLine[] Tokenize(string text, string? path)
    {
        var lines = new List<IniLine>();
        Validate(text, path, line => lines.Add(line));
        return [.. lines];
    }

    /// <summary>
    /// Checks the whole text and reports each line to <paramref name="onLine"/>. Structural errors
    /// (a header without ']', a property before any section, a line without '=', an empty key, a
    /// continuation with nothing to continue, a bad sub-property) throw
    /// <see cref="ConfigParseException"/> with the file and line, because every AWS SDK refuses
    /// such a file as a whole.
    /// </summary>
    public static void Validate(string text, string? path, Action<IniLine>? onLine)
    {
        var inSection = false;
        var hasProperty = false;
        var propertyIsParent = false;
        var reader = new IniLineReader(text, 0, text.Length, 1);
        while (reader.MoveNext())
        {
            var line = reader.Current;
            switch (line.Kind)
            {
                case LineKind.Invalid when line.Error is "Profile definition must end with ']'" || inSection:
                    throw new ConfigParseException(line.Error!, path, line.Number);
                case LineKind.Invalid:
                case LineKind.Property when !inSection:
                    throw new ConfigParseException("Expected a profile definition", path, line.Number);
                case LineKind.SectionHeader:
                    inSection = true;
                    hasProperty = false;
                    propertyIsParent = false;
                    break;
                case LineKind.Property:
                    hasProperty = true;
                    propertyIsParent = line.BLength == 0;
                    break;
                case LineKind.Continuation:
                    if (!inSection)
                    {
                        throw new ConfigParseException("Expected a profile definition, found continuation", path, line.Number);
                    }

                    if (!hasProperty)
                    {
                        throw new ConfigParseException("Expected a property definition, found continuation", path, line.Number);
                    }

                    if (propertyIsParent && SplitProperty(text.AsSpan(line.Start, line.Length), out _, out _, out _, out _) is { } error)
                    {
                        var message = error == NoEquals ? "Expected an '=' sign defining a sub-property" : "Sub-property did not have a name";
                        throw new ConfigParseException(message, path, line.Number);
                    }

                    break;
            }

            onLine?.Invoke(line);
        }
    }

    /// <summary>Classifies one line (no context: continuation rules are checked by <see cref="Validate"/>).</summary>
    public static IniLine Classify(string text, int number, int start, int length, int eol)
    {
        var line = text.AsSpan(start, length);
        var first = 0;
        while (first < line.Length && line[first] is ' ' or '\t')
        {
            first++;
        }

        if (first == line.Length)
        {
            return new IniLine(number, start, length, eol, LineKind.Blank, 0, 0, 0, 0);
        }

        switch (line[0])
        {
            case '#' or ';':
                return new IniLine(number, start, length, eol, LineKind.Comment, 0, 0, 0, 0);
            case '[':
                return Header(line, number, start, length, eol);
            case ' ' or '\t':
                var end = line.Length;
                while (line[end - 1] is ' ' or '\t')
                {
                    end--;
                }

                return new IniLine(number, start, length, eol, LineKind.Continuation, start + first, end - first, 0, 0);
        }

        var error = SplitProperty(line, out var keyStart, out var keyLength, out var valueStart, out var valueLength);
        return error is null
            ? new IniLine(number, start, length, eol, LineKind.Property, start + keyStart, keyLength, start + valueStart, valueLength)
            : new IniLine(number, start, length, eol, LineKind.Invalid, 0, 0, 0, 0, error);
    }

    /// <summary>True when the span holds only spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (c is not (' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Trims exactly spaces and tabs, reporting how many leading characters were removed.</summary>
    public static ReadOnlySpan<char> TrimWhitespace(ReadOnlySpan<char> value, out int leading)
    {
        var start = 0;
        while (start < value.Length && value[start] is ' ' or '\t')
        {
            start++;
        }

        var end = value.Length;
        while (end > start && value[end - 1] is ' ' or '\t')
        {
            end--;
        }

        leading = start;
        return value[start..end];
    }

    /// <summary>
    /// Splits a property (or sub-property) line at its first '=' after removing a trailing comment.
    /// Returns an error message, or <c>null</c> with the key and value offsets relative to the line.
    /// One pass over the characters: this runs for every line of every file on every call.
    /// </summary>
    public static string? SplitProperty(ReadOnlySpan<char> line, out int keyStart, out int keyLength, out int valueStart, out int valueLength)
    {
        keyStart = keyLength = valueStart = valueLength = 0;
        var start = 0;
        while (start < line.Length && line[start] is ' ' or '\t')
        {
            start++;
        }

        // The content ends at a comment ('#' or ';' after whitespace) or at the end of the line.
        // The reference reader tests Unicode whitespace before the comment character (Rust char::is_whitespace).
        var end = line.Length;
        var equals = -1;
        var previousWasWhitespace = false;
        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '#' or ';' && previousWasWhitespace)
            {
                end = i;
                break;
            }

            if (c == '=' && equals < 0)
            {
                equals = i;
            }

            previousWasWhitespace = c is ' ' or '\t' || (c > 0x7f && char.IsWhiteSpace(c)) || c is '\n' or '\v' or '\f' or '\r';
        }

        if (equals < 0)
        {
            return NoEquals;
        }

        var keyEnd = equals;
        while (keyEnd > start && line[keyEnd - 1] is ' ' or '\t')
        {
            keyEnd--;
        }

        if (keyEnd == start)
        {
            return NoName;
        }

        var value = equals + 1;
        while (value < end && line[value] is ' ' or '\t')
        {
            value++;
        }

        while (end > value && line[end - 1] is ' ' or '\t')
        {
            end--;
        }

        keyStart = start;
        keyLength = keyEnd - start;
        valueStart = value;
        valueLength = end - value;
        return null;
    }

    // A header: trimmed, cut at the first '#' or ';' (no whitespace needed), and then it must end with ']'.
    private static IniLine Header(ReadOnlySpan<char> line, int number, int start, int length, int eol)
    {
        var end = line.Length;
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] is '#' or ';')
            {
                end = i;
                break;
            }
        }

        while (end > 1 && line[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end < 2 || line[end - 1] != ']')
        {
            return new IniLine(number, start, length, eol, LineKind.Invalid, 0, 0, 0, 0, "Profile definition must end with ']'");
        }

        var inner = TrimWhitespace(line[1..(end - 1)], out var lead);
        return new IniLine(number, start, length, eol, LineKind.SectionHeader, start + 1 + lead, inner.Length, 0, 0);
    }
}
