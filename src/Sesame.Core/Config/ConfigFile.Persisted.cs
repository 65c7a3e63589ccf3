using System.Buffers.Binary;
using System.Text;
using Sesame.Core.Platform;

namespace Sesame.Core.Config;

/// <summary>
/// The header index of a large validated file, kept on disk beside the list of validated versions
/// (<see cref="ValidatedFiles.IndexPathFor"/>), so that a cache hit on a config of 100,000 profiles reads a
/// few pages of the file instead of scanning all 12 MB of it for headers on every call (a scan that is
/// bound by memory bandwidth, so it slows down with whatever else the machine does).
/// </summary>
/// <remarks>
/// Format (little-endian): the magic <c>SESHIDX1</c>; the file version it describes (size and last write
/// ticks, as in <c>validated-configs</c>), the length of the bytes indexed (after any byte-order mark), the
/// number of headers, flags (1: the file has <c>[profile default]</c>), the path's UTF-8 length and bytes
/// (padded to 4); then per header four 32-bit numbers, name fingerprint, start of the header line, end of
/// the section and the header's 1-based line, sorted by fingerprint and then start, so a lookup is a binary
/// search. An index is used only for exactly the version it names, and every header it points at is parsed
/// again before use: anything that does not fit makes the file be scanned instead, as without an index.
/// </remarks>
public sealed partial class ConfigFile
{
    /// <summary>Files from this many bytes on get an index on disk; smaller ones are scanned quickly enough.</summary>
    internal const int PersistFromLength = 256 * 1024;

    private const int EntrySize = 16;
    private static ReadOnlySpan<byte> Magic => "SESHIDX1"u8;

    // The entries of an index read from disk while it is in use (see FromPersistedIndex); empty otherwise.
    private ReadOnlyMemory<byte> _persisted;

    private bool UsesPersisted => !_persisted.IsEmpty;

    /// <summary>True when the whole text has been decoded (a file read in full, or one whose sections were all wanted).</summary>
    internal bool IsDecoded => _text is not null;

    /// <summary>True while lookups go through an index read from disk.</summary>
    internal bool UsesPersistedIndex => UsesPersisted;

    /// <summary>
    /// A validated file over its bytes, its headers taken from an index file written for exactly this version;
    /// <c>null</c> when the index does not describe this path, version and length.
    /// </summary>
    internal static ConfigFile? FromPersistedIndex(string path, ConfigFileKind kind, ReadOnlyMemory<byte> content, FileStamp stamp, ReadOnlyMemory<byte> index)
    {
        var hasBom = content.Span.StartsWith("\uFEFF"u8);
        var body = hasBom ? content[3..] : content;
        var span = index.Span;
        if (span.Length < 40 || !span[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt64LittleEndian(span[8..]) != stamp.Length
            || BinaryPrimitives.ReadInt64LittleEndian(span[16..]) != stamp.LastWriteTicks
            || BinaryPrimitives.ReadInt32LittleEndian(span[24..]) != body.Length)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(span[28..]);
        var flags = BinaryPrimitives.ReadInt32LittleEndian(span[32..]);
        var pathLength = BinaryPrimitives.ReadInt32LittleEndian(span[36..]);
        var entries = 40 + ((pathLength + 3) & ~3);
        if (count <= 0 || pathLength < 0 || pathLength > span.Length || entries + ((long)count * EntrySize) != span.Length
            || !span.Slice(40, pathLength).SequenceEqual(Encoding.UTF8.GetBytes(path)))
        {
            return null;
        }

        return new ConfigFile(path, kind, body, hasBom)
        {
            _sections = null,
            _persisted = index[entries..],
            HasPrefixedDefault = (flags & 1) != 0,
        };
    }

    /// <summary>The index file of this file (indexed over its bytes) as <see cref="FromPersistedIndex"/> reads it.</summary>
    internal byte[] ExportIndex(FileStamp stamp)
    {
        if (UsesPersisted || !IsWindowed)
        {
            throw new InvalidOperationException("only a file indexed over its bytes exports its index");
        }

        var content = _bytes.Span;
        var entries = new (int Fingerprint, int Start, int End, int Line)[_headerCount];
        var (counted, lines) = (0, 0);
        for (var i = 0; i < _headerCount; i++)
        {
            var start = Entry(i).Start;
            lines += content[counted..start].Count((byte)'\n');
            counted = start;
            entries[i] = (Entry(i).NameFingerprint, start, BodyEnd(i), lines + 1);
        }

        Array.Sort(entries, static (a, b) => a.Fingerprint != b.Fingerprint ? a.Fingerprint.CompareTo(b.Fingerprint) : a.Start.CompareTo(b.Start));
        var path = Encoding.UTF8.GetBytes(Path);
        var head = 40 + ((path.Length + 3) & ~3);
        var index = new byte[head + (entries.Length * EntrySize)];
        var span = index.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], stamp.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], stamp.LastWriteTicks);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], content.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], entries.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], HasPrefixedDefault ? 1 : 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[36..], path.Length);
        path.CopyTo(span[40..]);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = span[(head + (i * EntrySize))..];
            BinaryPrimitives.WriteInt32LittleEndian(at, entries[i].Fingerprint);
            BinaryPrimitives.WriteInt32LittleEndian(at[4..], entries[i].Start);
            BinaryPrimitives.WriteInt32LittleEndian(at[8..], entries[i].End);
            BinaryPrimitives.WriteInt32LittleEndian(at[12..], entries[i].Line);
        }

        return index;
    }

    // FindSections through the index on disk: a binary search for the fingerprint, then each header it
    // points at parsed again. False when an entry does not fit the bytes (the caller then scans).
    private bool TryFindPersisted(SectionKind kind, string name, byte[]? utf8, int fingerprint, List<SectionFragment> found)
    {
        var entries = _persisted.Span;
        var content = _bytes.Span;
        var count = entries.Length / EntrySize;
        var (low, high) = (0, count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (BinaryPrimitives.ReadInt32LittleEndian(entries[(middle * EntrySize)..]) < fingerprint)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < count; i++)
        {
            var entry = entries[(i * EntrySize)..];
            if (BinaryPrimitives.ReadInt32LittleEndian(entry) != fingerprint)
            {
                break;
            }

            var start = BinaryPrimitives.ReadInt32LittleEndian(entry[4..]);
            var end = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
            var line = BinaryPrimitives.ReadInt32LittleEndian(entry[12..]);
            if (start < 0 || end <= start || end > content.Length || line < 1 || content[start] != '['
                || (start > 0 && content[start - 1] != '\n')
                || !HeaderSyntax.TryParse(LineAt(content, start, out var bodyStart), out var header) || bodyStart > end)
            {
                return false;
            }

            if (NameEquals(start + header.NameOffset, header.NameLength, name, utf8))
            {
                var fragment = Window(start, end, line, header with { BodyOffset = bodyStart - start });
                if (fragment.Key.Classify(Kind, out _) == kind)
                {
                    found.Add(fragment);
                }
            }
        }

        return true;
    }

    // Stops using the index on disk: the headers are found by scanning the bytes, as without one.
    private void DropPersisted()
    {
        _persisted = default;
        if (!IndexHeaders(_bytes.Span))
        {
            throw new InvalidOperationException("a validated file no longer parses");
        }
    }
}
