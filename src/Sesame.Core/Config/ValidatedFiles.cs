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
    private List<(string File, FileStamp Stamp)>? _entries;

    /// <summary>Creates the list kept in <paramref name="path"/>.</summary>
    public ValidatedFiles(IFileSystem fileSystem, string path)
    {
        _fileSystem = fileSystem;
        _path = path;
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
        if (Contains(file, stamp))
        {
            return;
        }

        var entries = Entries();
        entries.RemoveAll(e => e.File == file);
        entries.Add((file, stamp));
        if (entries.Count > MaxEntries)
        {
            entries.RemoveRange(0, entries.Count - MaxEntries);
        }

        var text = new StringBuilder();
        foreach (var (path, s) in entries)
        {
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
    }

    private List<(string File, FileStamp Stamp)> Entries()
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

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t', 3);
            if (parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                _entries.Add((parts[2], new FileStamp(length, ticks)));
            }
        }

        return _entries;
    }
}
