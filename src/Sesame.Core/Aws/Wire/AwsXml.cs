using System.Text;

namespace Sesame.Core.Aws.Wire;

/// <summary>
/// An element of an AWS Query-protocol answer (STS, IAM): its local name (any prefix dropped, as
/// botocore's QueryParser ignores namespaces), its text and its child elements.
/// </summary>
internal sealed class AwsXmlElement
{
    private List<AwsXmlElement>? _children;
    private StringBuilder? _text;

    public AwsXmlElement(string name) => Name = name;

    /// <summary>The local name.</summary>
    public string Name { get; }

    /// <summary>The element's own text (entities decoded), without its children's.</summary>
    public string Text => _text?.ToString() ?? string.Empty;

    /// <summary>The child elements, in document order.</summary>
    public IReadOnlyList<AwsXmlElement> Children => (IReadOnlyList<AwsXmlElement>?)_children ?? [];

    /// <summary>The first child with this local name, or <c>null</c>.</summary>
    public AwsXmlElement? Child(string name)
    {
        if (_children is null)
        {
            return null;
        }

        foreach (var child in _children)
        {
            if (child.Name == name)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The text of the first child with this local name, or <c>null</c> when there is none.</summary>
    public string? ChildText(string name) => Child(name)?.Text;

    /// <summary>The first element with this local name below this one (depth first, document order), or <c>null</c>.</summary>
    public AwsXmlElement? Descendant(string name)
    {
        foreach (var child in Children)
        {
            if (child.Name == name)
            {
                return child;
            }

            if (child.Descendant(name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Every element with this local name below this one, in document order.</summary>
    public IEnumerable<AwsXmlElement> Descendants(string name)
    {
        foreach (var child in Children)
        {
            if (child.Name == name)
            {
                yield return child;
            }

            foreach (var found in child.Descendants(name))
            {
                yield return found;
            }
        }
    }

    internal void Add(AwsXmlElement child) => (_children ??= []).Add(child);

    internal void AddText(string text) => (_text ??= new StringBuilder()).Append(text);
}

/// <summary>
/// A small, strict reader for the XML AWS's Query APIs answer with: elements, attributes (skipped),
/// text with the five named entities and numeric references, CDATA, comments and the XML declaration.
/// A document type declaration is refused (no entity expansion of any kind), as is anything not well
/// formed; callers treat that as an unreadable answer. It exists so that an STS call needs neither
/// System.Private.Xml nor its start-up cost in the native binary.
/// </summary>
internal static class AwsXml
{
    /// <summary>The document's root element.</summary>
    /// <exception cref="FormatException">The bytes are not a well-formed document of that kind.</exception>
    public static AwsXmlElement Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var stack = new List<AwsXmlElement>();
        AwsXmlElement? root = null;
        var i = 0;
        while (i < utf8.Length)
        {
            var lt = utf8[i..].IndexOf((byte)'<');
            var textEnd = lt < 0 ? utf8.Length : i + lt;
            if (textEnd > i)
            {
                var text = utf8[i..textEnd];
                if (stack.Count > 0)
                {
                    stack[^1].AddText(Decode(text));
                }
                else if (!IsWhitespace(text))
                {
                    throw Malformed("text outside the root element");
                }
            }

            if (lt < 0)
            {
                break;
            }

            i = textEnd;
            var rest = utf8[i..];
            if (rest.StartsWith("<?"u8))
            {
                i += End(rest, "?>"u8);
            }
            else if (rest.StartsWith("<!--"u8))
            {
                i += End(rest, "-->"u8);
            }
            else if (rest.StartsWith("<![CDATA["u8))
            {
                var length = End(rest, "]]>"u8);
                if (stack.Count == 0)
                {
                    throw Malformed("CDATA outside the root element");
                }

                stack[^1].AddText(Encoding.UTF8.GetString(rest[9..(length - 3)]));
                i += length;
            }
            else if (rest.StartsWith("<!"u8))
            {
                throw Malformed("a document type declaration");
            }
            else if (rest.StartsWith("</"u8))
            {
                var length = End(rest, ">"u8);
                var name = LocalName(rest[2..(length - 1)].TrimEnd(" \t\r\n"u8));
                if (stack.Count == 0 || stack[^1].Name != name)
                {
                    throw Malformed("an end tag that does not match");
                }

                stack.RemoveAt(stack.Count - 1);
                i += length;
            }
            else
            {
                var length = TagLength(rest);
                var tag = rest[1..(length - 1)];
                var selfClosing = tag.Length > 0 && tag[^1] == (byte)'/';
                if (selfClosing)
                {
                    tag = tag[..^1];
                }

                var nameEnd = tag.IndexOfAny(" \t\r\n"u8);
                var element = new AwsXmlElement(LocalName(nameEnd < 0 ? tag : tag[..nameEnd]));
                if (stack.Count > 0)
                {
                    stack[^1].Add(element);
                }
                else if (root is null)
                {
                    root = element;
                }
                else
                {
                    throw Malformed("a second root element");
                }

                if (!selfClosing)
                {
                    stack.Add(element);
                }

                i += length;
            }
        }

        return root is not null && stack.Count == 0 ? root : throw Malformed("no complete root element");
    }

    // The length of a start tag up to and including its '>', skipping quoted attribute values.
    private static int TagLength(ReadOnlySpan<byte> rest)
    {
        byte quote = 0;
        for (var j = 1; j < rest.Length; j++)
        {
            var c = rest[j];
            if (quote != 0)
            {
                if (c == quote)
                {
                    quote = 0;
                }
            }
            else if (c is (byte)'"' or (byte)'\'')
            {
                quote = c;
            }
            else if (c == (byte)'>')
            {
                return j + 1;
            }
            else if (c == (byte)'<')
            {
                break;
            }
        }

        throw Malformed("an unterminated tag");
    }

    private static int End(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> terminator)
    {
        var at = rest.IndexOf(terminator);
        return at < 0 ? throw Malformed("an unterminated construct") : at + terminator.Length;
    }

    private static string LocalName(ReadOnlySpan<byte> qualified)
    {
        if (qualified.IsEmpty)
        {
            throw Malformed("an element without a name");
        }

        var colon = qualified.IndexOf((byte)':');
        return Encoding.UTF8.GetString(colon < 0 ? qualified : qualified[(colon + 1)..]);
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static string Decode(ReadOnlySpan<byte> text)
    {
        var raw = Encoding.UTF8.GetString(text);
        var amp = raw.IndexOf('&', StringComparison.Ordinal);
        if (amp < 0)
        {
            return raw;
        }

        var decoded = new StringBuilder(raw.Length);
        var start = 0;
        while (amp >= 0)
        {
            decoded.Append(raw, start, amp - start);
            var semicolon = raw.IndexOf(';', amp);
            if (semicolon < 0)
            {
                throw Malformed("an unterminated entity reference");
            }

            var entity = raw.AsSpan(amp + 1, semicolon - amp - 1);
            switch (entity)
            {
                case "amp": decoded.Append('&'); break;
                case "lt": decoded.Append('<'); break;
                case "gt": decoded.Append('>'); break;
                case "quot": decoded.Append('"'); break;
                case "apos": decoded.Append('\''); break;
                default: decoded.Append(CharacterReference(entity)); break;
            }

            start = semicolon + 1;
            amp = raw.IndexOf('&', start);
        }

        return decoded.Append(raw, start, raw.Length - start).ToString();
    }

    private static string CharacterReference(ReadOnlySpan<char> entity)
    {
        var code = -1;
        if (entity.Length > 1 && entity[0] == '#')
        {
            var hex = entity[1] is 'x' or 'X';
            var digits = entity[(hex ? 2 : 1)..];
            var style = hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None;
            if (!int.TryParse(digits, style, System.Globalization.CultureInfo.InvariantCulture, out code))
            {
                code = -1;
            }
        }

        return code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF)
            ? char.ConvertFromUtf32(code)
            : throw Malformed("an unknown entity reference");
    }

    private static FormatException Malformed(string what) => new($"the XML answer is not well formed ({what})");
}
