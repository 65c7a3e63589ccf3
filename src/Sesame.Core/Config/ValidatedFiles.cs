using System.Globalization;
using System.Text;
using Sesame.Core.Platform;

namespace Sesame.Core.Config;

/// <summary>
/// Remembers which versions of the config files (path, size, last write time) have passed full
/// validation, so that the hot commands need not check every line of a large file again on every
/// call: a remembered version is only scanned for its section headers. Any edit changes the stamp,
/// and the next read validates in full. The list holds no secrets (paths and numbers); losing it
/// only costs one full validation.
/// </summary>
public sealed class ValidatedFiles
{
    private const int MaxEntries = 16;
    private readonly IFileSystem _fileSystem;
    private readonly string _path;
    // A list of a reference type: its code is shared and precompiled, where a list of a struct
    // (a tuple with FileStamp) would be compiled at run time on every call (docs/benchmarks.md).
    private List<Entry>? _entries;

    /// <summary>Creates the list kept in <paramref name="path"/>.</summary>
    public ValidatedFiles(IFileSystem fileSystem, string path)
    {
        _fileSystem = fileSystem;
        _path = path;
    }

    /// <summary>
    /// True for a reader that trusts the list but never writes it (<c>sesame list</c>, which promises to write
    /// nothing): <see cref="Add"/> then does nothing.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Where the header index of a large validated version of <paramref name="file"/> is kept (see
    /// ConfigFile.Persisted.cs): a folder <c>config-index</c> beside this list, one file per config path,
    /// named by a hash of the path (the index names its path and version itself).
    /// </summary>
    public string IndexPathFor(string file)
    {
        // FNV-1a over the path's UTF-8: a stable name without a cryptographic hash on the hot path.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(file))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_path) ?? ".", "config-index", hash.ToString("x16", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes the index of a validated version (<see cref="IndexPathFor"/>); failures are ignored, as for the list.</summary>
    public void WriteIndex(string file, ReadOnlySpan<byte> index)
    {
        if (ReadOnly)
        {
            return;
        }

        try
        {
            _fileSystem.WriteAllBytesAtomic(IndexPathFor(file), index);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (UnsafeFileException)
        {
        }
    }

    /// <summary>Reads the index kept for <paramref name="file"/>, or <c>null</c> when there is none or it cannot be read.</summary>
    public ReadOnlyMemory<byte>? ReadIndex(string file)
    {
        try
        {
            return _fileSystem.ReadContent(IndexPathFor(file)).Bytes;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (UnsafeFileException)
        {
            return null;
        }
    }

    /// <summary>True when this exact version of <paramref name="file"/> was validated before.</summary>
    public bool Contains(string file, FileStamp stamp)
    {
        foreach (var entry in Entries())
        {
            if (entry.Stamp == stamp && entry.File == file)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records that this version of <paramref name="file"/> is valid. Failures are ignored (it is an optimisation).</summary>
    public void Add(string file, FileStamp stamp)
    {
        if (ReadOnly || Contains(file, stamp))
        {
            return;
        }

        var entries = Entries();
        entries.RemoveAll(e => e.File == file);
        entries.Add(new Entry(file, stamp));
        if (entries.Count > MaxEntries)
        {
            entries.RemoveRange(0, entries.Count - MaxEntries);
        }

        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            var (path, s) = (entry.File, entry.Stamp);
            text.Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(s.LastWriteTicks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(path).Append('\n');
        }

        try
        {
            _fileSystem.WriteAllBytesAtomic(_path, Encoding.UTF8.GetBytes(text.ToString()));
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (UnsafeFileException)
        {
            // A link or a FIFO planted at the list's name: never written through, simply not remembered.
        }
    }

    private List<Entry> Entries()
    {
        if (_entries is not null)
        {
            return _entries;
        }

        _entries = [];
        string text;
        try
        {
            text = TextDecoding.Decode(_fileSystem.ReadAllBytes(_path), strict: false);
        }
        catch (IOException)
        {
            return _entries;
        }
        catch (UnauthorizedAccessException)
        {
            return _entries;
        }
        catch (UnsafeFileException)
        {
            return _entries;
        }

        // "LENGTH\tTICKS\tPATH" lines, read with spans: string.Split and culture-aware number
        // parsing cost more on first use than the rest of a cached answer's config reading.
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var first = line.IndexOf('\t');
            var second = first < 0 ? -1 : line[(first + 1)..].IndexOf('\t');
            if (second < 0)
            {
                continue;
            }

            second += first + 1;
            if (Digits(line[..first]) is { } length && Digits(line[(first + 1)..second]) is { } ticks && second + 1 < line.Length)
            {
                _entries.Add(new Entry(line[(second + 1)..].ToString(), new FileStamp(length, ticks)));
            }
        }

        return _entries;
    }

    private static long? Digits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 18)
        {
            return null;
        }

        long value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private sealed record Entry(string File, FileStamp Stamp);
}
