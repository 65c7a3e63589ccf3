using System.Text;

namespace Sesame.Core.Config;

/// <summary>
/// The header index of a validated file: where every header line starts and a cheap fingerprint of its
/// name, found in one pass that allocates 8 bytes per header and nothing else. Sections are then built
/// only for the names that are looked up (<see cref="ProfileSet.GetProfile"/>), so resolving one profile
/// of a 100,000-profile file costs one scan and a few small objects, not 100,000 sections.
/// </summary>
/// <remarks>
/// A validated file is indexed over its bytes — which may be a mapping of the file
/// (<see cref="Platform.IFileSystem.ReadContent"/>) — in one pass (validation guarantees UTF-8, whose
/// ASCII bytes mean the same in any text), and never decoded whole: a section that is looked up gets a
/// small window holding only its own text (<c>Window</c>), and the full <see cref="Text"/> is
/// decoded only when something needs all of it (every section, an edit); a file beyond ASCII is then
/// indexed again over its characters. A header line is parsed again in full only when its fingerprint
/// matches a lookup. Line numbers are counted only for the headers that are used. On a 12 MB,
/// 100,000-profile file this keeps a cache hit within a few milliseconds of a one-profile file
/// (docs/benchmarks.md).
/// </remarks>
public sealed partial class ConfigFile
{
    // Entries live in chunks of 4096 (the first one grows from 16), so a large index is never copied
    // as it grows and a one-profile file allocates 128 bytes for it.
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    private HeaderEntry[][]? _chunks;
    private int _headerCount;

    // Line numbers are counted lazily, from the nearest offset counted before.
    private int[]? _lineMarks;
    private int[]? _lineCounts;
    private int _markCount;

    /// <summary>True when the file has a <c>[profile default]</c> header (which hides <c>[default]</c> in the config file).</summary>
    internal bool HasPrefixedDefault { get; private set; }

    /// <summary>How many sections the file has, without materializing them.</summary>
    internal int SectionCount => _sections?.Count ?? _headerCount;

    /// <summary>True when the sections are known only through the header index.</summary>
    internal bool IsIndexed => _sections is null;

    private bool IsWindowed => _byteIndexed && _text is null;

    /// <summary>The fragments of this file that define <paramref name="name"/> as a <paramref name="kind"/> section, in file order.</summary>
    internal List<SectionFragment> FindSections(SectionKind kind, string name)
    {
        var found = new List<SectionFragment>();

        // A file indexed over its bytes holds UTF-8: a name beyond ASCII is looked for as its UTF-8 bytes.
        var utf8 = IsWindowed && !Ascii.IsValid(name) ? Encoding.UTF8.GetBytes(name) : null;
        var fingerprint = utf8 is null ? Fingerprint(name.AsSpan()) : Fingerprint(utf8);
        if (UsesPersisted)
        {
            if (TryFindPersisted(kind, name, utf8, fingerprint, found))
            {
                return found;
            }

            found.Clear();
            DropPersisted();
        }

        for (var c = 0; _chunks is not null && c <= (_headerCount - 1) >> ChunkBits; c++)
        {
            var chunk = _chunks[c];
            var count = Math.Min(chunk.Length, _headerCount - (c << ChunkBits));
            for (var j = 0; j < count; j++)
            {
                if (chunk[j].NameFingerprint != fingerprint)
                {
                    continue;
                }

                var index = (c << ChunkBits) + j;
                var header = HeaderAt(index);
                if (!NameEquals(chunk[j].Start + header.NameOffset, header.NameLength, name, utf8))
                {
                    continue;
                }

                // A file indexed over its bytes hands out windows, so looking up one section never decodes the whole file.
                var fragment = IsWindowed ? Window(index, header) : Fragment(index, header);
                if (fragment.Key.Classify(Kind, out _) == kind)
                {
                    found.Add(fragment);
                }
            }
        }

        return found;
    }

    private static ConfigFile? HeadersOnly(string path, ConfigFileKind kind, string text, bool hasBom)
    {
        var file = new ConfigFile(path, kind, text, hasBom) { _sections = null };
        return file.IndexHeaders(text.AsSpan()) ? file : null;
    }

    // The same over the bytes of a validated (so UTF-8) file: offsets are in bytes until the whole text is
    // decoded (Text), which indexes the characters again if the file is not ASCII.
    private static ConfigFile? HeadersOnly(string path, ConfigFileKind kind, ReadOnlyMemory<byte> bytes, bool hasBom)
    {
        var file = new ConfigFile(path, kind, bytes, hasBom) { _sections = null };
        return file.IndexHeaders(bytes.Span) ? file : null;
    }

    private bool IndexHeaders(ReadOnlySpan<char> content)
    {
        for (var position = NextHeader(content, 0); position >= 0;)
        {
            var line = LineAt(content, position, out var end);
            if (!HeaderSyntax.TryParse(line, out var header))
            {
                return false;
            }

            AddHeader(position, header, Fingerprint(line.Slice(header.NameOffset, header.NameLength)), line);
            position = NextHeader(content, end);
        }

        return true;
    }

    private bool IndexHeaders(ReadOnlySpan<byte> content)
    {
        for (var position = NextHeader(content, 0); position >= 0;)
        {
            // Nearly every header has the simple shape, read in one pass; the rest by the full rule.
            ReadOnlySpan<byte> line;
            if (HeaderSyntax.TrySimple(content, position, out var header, out var end))
            {
                line = content.Slice(position, header.InnerOffset + header.InnerLength + 1);
            }
            else if (!HeaderSyntax.TryParse(line = LineAt(content, position, out end), out header))
            {
                return false;
            }

            AddHeader(position, header, Fingerprint(line.Slice(header.NameOffset, header.NameLength)), line);
            position = NextHeader(content, end);
        }

        return true;
    }

    // The start of the first line at or after `from` that begins with '[' (validation guarantees that
    // exactly those lines are headers): a vectorised search for '[', which is rare anywhere else.
    private static int NextHeader<T>(ReadOnlySpan<T> content, int from)
        where T : unmanaged, IEquatable<T>
    {
        var bracket = HeaderSyntax.Char<T>('[');
        var newline = HeaderSyntax.Char<T>('\n');
        while (from < content.Length)
        {
            var found = content[from..].IndexOf(bracket);
            if (found < 0)
            {
                return -1;
            }

            var at = from + found;
            if (at == 0 || content[at - 1].Equals(newline))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    // The line starting at `position` without its terminator; `end` is where the next line starts.
    private static ReadOnlySpan<T> LineAt<T>(ReadOnlySpan<T> content, int position, out int end)
        where T : unmanaged, IEquatable<T>
    {
        var rest = content[position..];
        var newline = rest.IndexOf(HeaderSyntax.Char<T>('\n'));
        var length = newline < 0 ? rest.Length : newline;
        end = newline < 0 ? content.Length : position + newline + 1;
        if (newline >= 0 && length > 0 && rest[length - 1].Equals(HeaderSyntax.Char<T>('\r')))
        {
            length--;
        }

        return rest[..length];
    }

    private void AddHeader<T>(int start, HeaderSyntax header, int fingerprint, ReadOnlySpan<T> line)
        where T : unmanaged, IEquatable<T>
    {
        if (header.NameLength == 7 && header.PrefixLength > 0 && HeaderSyntax.Is(line.Slice(header.InnerOffset, header.PrefixLength), SectionKey.ProfilePrefix)
            && HeaderSyntax.Is(line.Slice(header.NameOffset, header.NameLength), "default"))
        {
            HasPrefixedDefault = true;
        }

        _chunks ??= [new HeaderEntry[16]];
        var c = _headerCount >> ChunkBits;
        var j = _headerCount & (ChunkSize - 1);
        if (c == _chunks.Length)
        {
            Array.Resize(ref _chunks, c * 2);
        }

        var chunk = _chunks[c] ??= new HeaderEntry[ChunkSize];
        if (j == chunk.Length)
        {
            // Only the first chunk grows (16, 32, … 4096); later ones are made full size.
            Array.Resize(ref _chunks[c], Math.Min(ChunkSize, chunk.Length * 2));
            chunk = _chunks[c];
        }

        chunk[j] = new HeaderEntry(start, fingerprint);
        _headerCount++;
    }

    // The whole text of a byte-indexed file was decoded and is not ASCII: the index moves to character offsets.
    private void IndexCharactersOf(string text)
    {
        _chunks = null;
        _headerCount = 0;
        _markCount = 0;
        HasPrefixedDefault = false;
        if (!IndexHeaders(text.AsSpan()))
        {
            throw new InvalidOperationException("a header of the index no longer parses");
        }
    }

    private ref HeaderEntry Entry(int index) => ref _chunks![index >> ChunkBits][index & (ChunkSize - 1)];

    // The full parse of header `index`'s line (only for headers a lookup or an enumeration needs).
    private HeaderSyntax HeaderAt(int index)
    {
        var start = Entry(index).Start;
        var parsed = IsWindowed
            ? HeaderSyntax.TryParse(LineAt(_bytes.Span, start, out var end), out var header)
            : HeaderSyntax.TryParse(LineAt(Text.AsSpan(), start, out end), out header);
        return parsed ? header with { BodyOffset = end - start } : throw new InvalidOperationException("a header of the index no longer parses");
    }

    private int BodyEnd(int index) => index + 1 < _headerCount ? Entry(index + 1).Start : (IsWindowed ? _bytes.Length : Text.Length);

    private SectionFragment Fragment(int index, HeaderSyntax header)
    {
        var start = Entry(index).Start;
        return new SectionFragment(this, LineOf(start), start + header.BodyOffset, BodyEnd(index), SectionKey.Parse(Text.AsSpan(start + header.InnerOffset, header.InnerLength)));
    }

    // A section of a byte-indexed file as its own small file: the header line and body decoded alone,
    // offsets relative to the window, line numbers and path those of this file.
    private SectionFragment Window(int index, HeaderSyntax header)
    {
        var start = Entry(index).Start;
        return Window(start, BodyEnd(index), LineOf(start), header);
    }

    private SectionFragment Window(int start, int end, int line, HeaderSyntax header)
    {
        var bytes = _bytes.Span[start..end];
        if (Ascii.IsValid(bytes))
        {
            var text = Encoding.Latin1.GetString(bytes);
            return new SectionFragment(new ConfigFile(Path, Kind, text, HasBom), line, header.BodyOffset, end - start, SectionKey.Parse(text.AsSpan(header.InnerOffset, header.InnerLength)));
        }

        // UTF-8 beyond ASCII: byte offsets are not character offsets, so the decoded header is read again.
        var decoded = Encoding.UTF8.GetString(bytes);
        if (!HeaderSyntax.TryParse(LineAt(decoded.AsSpan(), 0, out var bodyStart), out var chars))
        {
            throw new InvalidOperationException("a header of the index no longer parses");
        }

        return new SectionFragment(new ConfigFile(Path, Kind, decoded, HasBom), line, bodyStart, decoded.Length, SectionKey.Parse(decoded.AsSpan(chars.InnerOffset, chars.InnerLength)));
    }

    private List<SectionFragment> MaterializeSections()
    {
        // Every section is wanted: the whole text is decoded once (one vectorised pass; a file beyond ASCII
        // is then indexed again over its characters) and the fragments share it, so sections of one file
        // are recognisably of that file.
        _ = Text;
        var sections = new List<SectionFragment>(_headerCount);
        for (var i = 0; i < _headerCount; i++)
        {
            sections.Add(Fragment(i, HeaderAt(i)));
        }

        return sections;
    }

    // The 1-based line of the line starting at `offset`, counting line breaks from the nearest offset
    // counted before (lookups and enumeration mostly move forward; at most 64 marks are kept).
    private int LineOf(int offset)
    {
        var (from, lines) = (0, 0);
        for (var m = 0; m < _markCount; m++)
        {
            if (_lineMarks![m] <= offset && _lineMarks[m] >= from)
            {
                (from, lines) = (_lineMarks[m], _lineCounts![m]);
            }
        }

        lines += IsWindowed
            ? _bytes.Span[from..offset].Count((byte)'\n')
            : Text.AsSpan(from, offset - from).Count('\n');
        _lineMarks ??= new int[64];
        _lineCounts ??= new int[64];
        var slot = _markCount < 64 ? _markCount++ : offset & 63;
        (_lineMarks[slot], _lineCounts[slot]) = (offset, lines);
        return lines + 1;
    }

    private bool NameEquals(int start, int length, string name, byte[]? utf8)
    {
        if (utf8 is not null)
        {
            return IsWindowed && _bytes.Span.Slice(start, length).SequenceEqual(utf8);
        }

        if (length != name.Length)
        {
            return false;
        }

        if (!IsWindowed)
        {
            return Text.AsSpan(start, length).SequenceEqual(name);
        }

        // An ASCII name: a byte beyond ASCII never equals one of its characters.
        var bytes = _bytes.Span.Slice(start, length);
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

    // The same over bytes (equal to the characters' fingerprint for ASCII).
    private static int Fingerprint(ReadOnlySpan<byte> name)
        => name.IsEmpty ? 0 : (name.Length << 21) ^ (name[0] << 14) ^ (name[name.Length / 2] << 7) ^ name[^1];

    /// <summary>One header of an indexed file: where its line starts and its name's fingerprint.</summary>
    private readonly struct HeaderEntry(int start, int nameFingerprint)
    {
        public readonly int Start = start;
        public readonly int NameFingerprint = nameFingerprint;
    }
}
