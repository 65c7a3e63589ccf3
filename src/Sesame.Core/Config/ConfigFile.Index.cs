namespace Sesame.Core.Config;

/// <summary>
/// The header index of a validated file: every header's position and the hash of its name, found in
/// one pass that allocates nothing per header. Sections are then built only for the names that are
/// looked up (<see cref="ProfileSet.GetProfile"/>), so resolving one profile of a 10,000-profile file
/// costs one scan and a few small objects, not 10,000 sections.
/// </summary>
public sealed partial class ConfigFile
{
    // Not `[]`: Array.Empty of a struct of ours would be compiled at run time (docs/benchmarks.md).
    private HeaderEntry[] _headers = new HeaderEntry[16];
    private int _headerCount;

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
        var hash = string.GetHashCode(name.AsSpan());
        for (var i = 0; i < _headerCount; i++)
        {
            ref readonly var entry = ref _headers[i];
            if (entry.NameHash != hash || !Text.AsSpan(entry.NameStart, entry.NameLength).SequenceEqual(name))
            {
                continue;
            }

            var fragment = Fragment(i);
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
        var lineNumber = 1;
        var counted = 0;
        var position = text.StartsWith('[') ? 0 : NextHeader(text, 0);
        while (position >= 0)
        {
            lineNumber += text.AsSpan(counted, position - counted).Count('\n');
            counted = position;
            var newline = text.IndexOf('\n', position);
            var length = (newline < 0 ? text.Length : newline) - position;
            var eol = newline < 0 ? 0 : 1;
            if (eol == 1 && length > 0 && text[position + length - 1] == '\r')
            {
                length--;
                eol = 2;
            }

            var line = IniTokenizer.Classify(text, lineNumber, position, length, eol);
            if (line.Kind != LineKind.SectionHeader)
            {
                return null;
            }

            if (file._headerCount > 0)
            {
                file._headers[file._headerCount - 1].BodyEnd = position;
            }

            file.AddHeader(lineNumber, line);
            position = NextHeader(text, line.End);
        }

        if (file._headerCount > 0)
        {
            file._headers[file._headerCount - 1].BodyEnd = text.Length;
        }

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

    // Splits the bracket text as SectionKey.Parse does, without allocating.
    private void AddHeader(int lineNumber, IniLine line)
    {
        var inner = Text.AsSpan(line.AStart, line.ALength);
        var split = inner.IndexOfAny(' ', '\t');
        int nameStart, nameLength;
        if (split < 0)
        {
            nameStart = line.AStart;
            nameLength = inner.Length;
        }
        else
        {
            var rest = inner[(split + 1)..];
            var lead = 0;
            while (lead < rest.Length && rest[lead] is ' ' or '\t')
            {
                lead++;
            }

            nameStart = line.AStart + split + 1 + lead;
            nameLength = rest.Length - lead;
            var prefix = inner[..split].TrimEnd(" \t");
            if (prefix.SequenceEqual(SectionKey.ProfilePrefix) && Text.AsSpan(nameStart, nameLength).SequenceEqual("default"))
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
            Line = lineNumber,
            InnerStart = line.AStart,
            InnerLength = line.ALength,
            BodyStart = line.End,
            NameStart = nameStart,
            NameLength = nameLength,
            NameHash = string.GetHashCode(Text.AsSpan(nameStart, nameLength)),
        };
    }

    private SectionFragment Fragment(int index)
    {
        ref readonly var entry = ref _headers[index];
        return new SectionFragment(this, entry.Line, entry.BodyStart, entry.BodyEnd, SectionKey.Parse(Text.AsSpan(entry.InnerStart, entry.InnerLength)));
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

    /// <summary>One header of an indexed file.</summary>
    private struct HeaderEntry
    {
        public int Line;
        public int InnerStart;
        public int InnerLength;
        public int BodyStart;
        public int BodyEnd;
        public int NameStart;
        public int NameLength;
        public int NameHash;
    }
}
