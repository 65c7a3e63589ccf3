using System.Text;

namespace Sesame.Core.Config;

/// <summary>
/// The header index of a validated file: every header's position and a cheap fingerprint of its name,
/// found in one pass that allocates nothing per header. Sections are then built only for the names that
/// are looked up (<see cref="ProfileSet.GetProfile"/>), so resolving one profile of a 100,000-profile
/// file costs one scan and a few small objects, not 100,000 sections.
/// </summary>
/// <remarks>
/// An ASCII file (nearly every config) is indexed over its bytes and never decoded whole: a section that
/// is looked up gets a small window holding only its own text (<see cref="Window"/>), and the full
/// <see cref="Text"/> is decoded only when something needs all of it (enumerating every section, an
/// edit). Line numbers are counted only for the headers that are used. On a 12 MB, 100,000-profile
/// file this is what keeps a cache hit within a few milliseconds of a one-profile file.
/// </remarks>
public sealed partial class ConfigFile
{
    // Not `[]`: Array.Empty of a struct of ours would be compiled at run time (docs/benchmarks.md).
    private HeaderEntry[] _headers = new HeaderEntry[16];
    private int _headerCount;

    // Line numbers are counted lazily: up to _countedTo (an offset) there are _countedLines line breaks.
    private int _countedTo;
    private int _countedLines;

    /// <summary>True when the file has a <c>[profile default]</c> header (which hides <c>[default]</c> in the config file).</summary>
    internal bool HasPrefixedDefault { get; private set; }

    /// <summary>How many sections the file has, without materializing them.</summary>
    internal int SectionCount => _sections?.Count ?? _headerCount;

    /// <summary>True when the sections are known only through the header index.</summary>
    internal bool IsIndexed => _sections is null;

    /// <summary>The fragments of this file that define <paramref name="name"/> as a <paramref name="kind"/> section, in file order.</summary>
    internal List<SectionFragment> FindSections(SectionKind kind, string name)
    {
        var found = new List<SectionFragment>();
        var fingerprint = Fingerprint(name.AsSpan());
        for (var i = 0; i < _headerCount; i++)
        {
            ref readonly var entry = ref _headers[i];
            if (entry.NameFingerprint != fingerprint || !NameEquals(entry, name))
            {
                continue;
            }

            // A file indexed over its bytes hands out windows, so looking up one section never decodes the whole file.
            var fragment = _bytes is not null && _text is null ? Window(i) : Fragment(i);
            if (fragment.Key.Classify(Kind, out _) == kind)
            {
                found.Add(fragment);
            }
        }

        return found;
    }

    private static ConfigFile? HeadersOnly(string path, ConfigFileKind kind, string text, bool hasBom)
    {
        var file = new ConfigFile(path, kind, text, hasBom) { _sections = null };
        var position = text.StartsWith('[') ? 0 : NextHeader(text, 0);
        while (position >= 0)
        {
            var newline = text.IndexOf('\n', position);
            var length = (newline < 0 ? text.Length : newline) - position;
            var eol = newline < 0 ? 0 : 1;
            if (eol == 1 && length > 0 && text[position + length - 1] == '\r')
            {
                length--;
                eol = 2;
            }

            var line = IniTokenizer.Classify(text, 0, position, length, eol);
            if (line.Kind != LineKind.SectionHeader)
            {
                return null;
            }

            file.CloseLastHeader(position);
            file.AddHeader(position, line.AStart, line.ALength, line.End, text.AsSpan(line.AStart, line.ALength));
            position = NextHeader(text, line.End);
        }

        file.CloseLastHeader(text.Length);
        return file;
    }

    // The same over the bytes of an ASCII file (offsets in bytes are offsets in characters).
    private static ConfigFile? HeadersOnly(string path, ConfigFileKind kind, byte[] bytes, int start, bool hasBom)
    {
        var file = new ConfigFile(path, kind, bytes, start, hasBom) { _sections = null };
        var content = bytes.AsSpan(start);
        var position = content.Length > 0 && content[0] == (byte)'[' ? 0 : NextHeader(content, 0);
        Span<char> buffer = stackalloc char[256];
        while (position >= 0)
        {
            var newline = content[position..].IndexOf((byte)'\n');
            var length = newline < 0 ? content.Length - position : newline;
            var eol = newline < 0 ? 0 : 1;
            if (eol == 1 && length > 0 && content[position + length - 1] == (byte)'\r')
            {
                length--;
                eol = 2;
            }

            if (!Header(content.Slice(position, length), out var innerStart, out var innerLength))
            {
                return null;
            }

            var end = position + length + eol;
            file.CloseLastHeader(position);
            var innerBytes = content.Slice(position + innerStart, innerLength);
            var inner = innerLength <= buffer.Length ? buffer[..innerLength] : new char[innerLength];
            Ascii.ToUtf16(innerBytes, inner, out _);
            file.AddHeader(position, position + innerStart, innerLength, end, inner);
            position = NextHeader(content, end);
        }

        file.CloseLastHeader(content.Length);
        return file;
    }

    // The start of the next line that begins with '[', at or after the line starting at `from`.
    private static int NextHeader(string text, int from)
    {
        if (from >= text.Length)
        {
            return -1;
        }

        var found = text.IndexOf("\n[", Math.Max(0, from - 1), StringComparison.Ordinal);
        return found < 0 ? -1 : found + 1;
    }

    private static int NextHeader(ReadOnlySpan<byte> content, int from)
    {
        if (from >= content.Length)
        {
            return -1;
        }

        var at = Math.Max(0, from - 1);
        var found = content[at..].IndexOf("\n["u8);
        return found < 0 ? -1 : at + found + 1;
    }

    // IniTokenizer's header rule over ASCII bytes: '[', then up to a '#' or ';' comment, trailing
    // blanks dropped, a closing ']'; the inner text trimmed of spaces and tabs.
    private static bool Header(ReadOnlySpan<byte> line, out int innerStart, out int innerLength)
    {
        innerStart = innerLength = 0;
        var end = line.Length;
        var comment = line[1..].IndexOfAny((byte)'#', (byte)';');
        if (comment >= 0)
        {
            end = comment + 1;
        }

        while (end > 1 && line[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        if (end < 2 || line[end - 1] != (byte)']')
        {
            return false;
        }

        var first = 1;
        var last = end - 1;
        while (first < last && line[first] is (byte)' ' or (byte)'\t')
        {
            first++;
        }

        while (last > first && line[last - 1] is (byte)' ' or (byte)'\t')
        {
            last--;
        }

        innerStart = first;
        innerLength = last - first;
        return true;
    }

    private void CloseLastHeader(int position)
    {
        if (_headerCount > 0)
        {
            _headers[_headerCount - 1].BodyEnd = position;
        }
    }

    // Splits the bracket text as SectionKey.Parse does, without allocating.
    private void AddHeader(int lineStart, int innerStart, int innerLength, int bodyStart, ReadOnlySpan<char> inner)
    {
        var split = -1;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] is ' ' or '\t')
            {
                split = i;
                break;
            }
        }

        int nameStart, nameLength;
        if (split < 0)
        {
            nameStart = innerStart;
            nameLength = inner.Length;
        }
        else
        {
            var lead = split + 1;
            while (lead < inner.Length && inner[lead] is ' ' or '\t')
            {
                lead++;
            }

            nameStart = innerStart + lead;
            nameLength = inner.Length - lead;
            var prefixEnd = split;
            while (prefixEnd > 0 && inner[prefixEnd - 1] is ' ' or '\t')
            {
                prefixEnd--;
            }

            if (inner[..prefixEnd].SequenceEqual(SectionKey.ProfilePrefix) && inner[lead..].SequenceEqual("default"))
            {
                HasPrefixedDefault = true;
            }
        }

        if (_headerCount == _headers.Length)
        {
            var bigger = new HeaderEntry[Math.Max(16, _headers.Length * 2)];
            Array.Copy(_headers, bigger, _headerCount);
            _headers = bigger;
        }

        _headers[_headerCount++] = new HeaderEntry
        {
            Start = lineStart,
            InnerStart = innerStart,
            InnerLength = innerLength,
            BodyStart = bodyStart,
            NameStart = nameStart,
            NameLength = nameLength,
            NameFingerprint = Fingerprint(inner[(nameStart - innerStart)..]),
        };
    }

    private SectionFragment Fragment(int index)
    {
        ref readonly var entry = ref _headers[index];
        return new SectionFragment(this, LineOf(index), entry.BodyStart, entry.BodyEnd, SectionKey.Parse(Text.AsSpan(entry.InnerStart, entry.InnerLength)));
    }

    // A section of a byte-indexed file as its own small file: the header line and body decoded alone,
    // offsets relative to the window, line numbers and path those of this file.
    private SectionFragment Window(int index)
    {
        ref readonly var entry = ref _headers[index];
        var text = Encoding.Latin1.GetString(_bytes.AsSpan(_byteStart + entry.Start, entry.BodyEnd - entry.Start));
        var window = new ConfigFile(Path, Kind, text, HasBom);
        return new SectionFragment(
            window,
            LineOf(index),
            entry.BodyStart - entry.Start,
            entry.BodyEnd - entry.Start,
            SectionKey.Parse(text.AsSpan(entry.InnerStart - entry.Start, entry.InnerLength)));
    }

    private List<SectionFragment> MaterializeSections()
    {
        var sections = new List<SectionFragment>(_headerCount);
        for (var i = 0; i < _headerCount; i++)
        {
            sections.Add(Fragment(i));
        }

        return sections;
    }

    // The 1-based line of header `index`, counting line breaks only as far as needed: forward from the
    // furthest point counted so far (lookups and full enumeration move forward), else from the start.
    private int LineOf(int index)
    {
        ref var entry = ref _headers[index];
        if (entry.Line > 0)
        {
            return entry.Line;
        }

        var (from, lines) = entry.Start >= _countedTo ? (_countedTo, _countedLines) : (0, 0);
        lines += _bytes is not null && _text is null
            ? _bytes.AsSpan(_byteStart + from, entry.Start - from).Count((byte)'\n')
            : Text.AsSpan(from, entry.Start - from).Count('\n');
        if (entry.Start >= _countedTo)
        {
            (_countedTo, _countedLines) = (entry.Start, lines);
        }

        entry.Line = lines + 1;
        return entry.Line;
    }

    private bool NameEquals(in HeaderEntry entry, string name)
    {
        if (entry.NameLength != name.Length)
        {
            return false;
        }

        if (_bytes is null || _text is not null)
        {
            return Text.AsSpan(entry.NameStart, entry.NameLength).SequenceEqual(name);
        }

        var bytes = _bytes.AsSpan(_byteStart + entry.NameStart, entry.NameLength);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    // Length and three characters: enough to skip nearly every other header without hashing every name
    // of a large file; equal fingerprints are compared in full.
    private static int Fingerprint(ReadOnlySpan<char> name)
        => name.IsEmpty ? 0 : (name.Length << 21) ^ (name[0] << 14) ^ (name[name.Length / 2] << 7) ^ name[^1];

    /// <summary>One header of an indexed file.</summary>
    private struct HeaderEntry
    {
        public int Start;
        public int Line;
        public int InnerStart;
        public int InnerLength;
        public int BodyStart;
        public int BodyEnd;
        public int NameStart;
        public int NameLength;
        public int NameFingerprint;
    }
}
