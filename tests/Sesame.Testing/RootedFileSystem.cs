using Sesame.Core.Platform;

namespace Sesame.Testing;

/// <summary>
/// A read-only file system whose absolute paths live under a folder: <c>/home/.aws/config</c> is
/// <c>&lt;root&gt;/home/.aws/config</c>, and relative paths resolve from the root too. Used to run the
/// conformance cases' <c>fs/</c> trees in place. Writing throws: the shared data must never change,
/// and a provider that writes where a case does not expect it is a bug worth seeing.
/// </summary>
public sealed class RootedFileSystem : IFileSystem
{
    private readonly string _root;

    public RootedFileSystem(string root) => _root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);

    /// <summary>Every path that was read (virtual paths), in order.</summary>
    public List<string> Reads { get; } = [];

    /// <summary>The real path behind a virtual one; paths that would leave the root are refused.</summary>
    public string Map(string path)
    {
        var relative = path.Replace('\\', '/').TrimStart('/');
        var full = Path.GetFullPath(Path.Combine(_root, relative));
        if (full != _root && !full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"{path} is outside the virtual file system");
        }

        return full;
    }

    public bool FileExists(string path) => File.Exists(Map(path));

    public bool DirectoryExists(string path) => Directory.Exists(Map(path));

    public byte[] ReadAllBytes(string path)
    {
        lock (Reads)
        {
            Reads.Add(path);
        }

        return File.ReadAllBytes(Map(path));
    }

    public void WriteAllBytesAtomic(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = FileModes.OwnerReadWrite)
        => throw new InvalidOperationException($"the virtual file system is read-only (write to {path})");

    public void DeleteFile(string path) => throw new InvalidOperationException($"the virtual file system is read-only (delete {path})");

    public void CreateDirectory(string path) => throw new InvalidOperationException($"the virtual file system is read-only (create {path})");

    public IReadOnlyList<string> EnumerateFiles(string directory, string searchPattern)
    {
        var real = Map(directory);
        if (!Directory.Exists(real))
        {
            return [];
        }

        var prefix = directory.TrimEnd('/', '\\');
        return Directory.GetFiles(real, searchPattern).Select(f => prefix + "/" + Path.GetFileName(f)).ToList();
    }

    public UnixFileMode? GetUnixFileMode(string path)
        => OperatingSystem.IsWindows() || !File.Exists(Map(path)) ? null : File.GetUnixFileMode(Map(path));

    public FileStamp? GetStamp(string path)
    {
        var info = new FileInfo(Map(path));
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : null;
    }

    public DateTimeOffset? GetLastWriteTime(string path)
        => File.Exists(Map(path)) ? new DateTimeOffset(File.GetLastWriteTimeUtc(Map(path)), TimeSpan.Zero) : null;
}
