namespace Sesame.Core.Platform;

/// <summary>The real file system.</summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    private readonly Action<string>? _beforeRename;

    /// <summary>Creates the real file system.</summary>
    public PhysicalFileSystem()
    {
    }

    /// <summary>
    /// Test hook: <paramref name="beforeRename"/> runs after the temporary file is complete and
    /// before it replaces the target, so tests can simulate a crash mid-write.
    /// </summary>
    internal PhysicalFileSystem(Action<string> beforeRename) => _beforeRename = beforeRename;

    /// <summary>The shared instance without test hooks.</summary>
    public static PhysicalFileSystem Instance { get; } = new();

    /// <inheritdoc />
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc />
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc />
    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    /// <inheritdoc />
    public void WriteAllBytesAtomic(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = FileModes.OwnerReadWrite)
    {
        // A symlinked ~/.aws/config (dotfile managers do this) must stay a symlink: write to its target.
        var target = ResolveFinalTarget(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".";
        if (!Directory.Exists(directory))
        {
            CreateDirectory(directory);
        }

        UnixFileMode? mode = File.Exists(target) ? GetUnixFileMode(target) : newFileMode;
        // The name only has to be unlikely to collide: CreateNew (O_EXCL) refuses an existing file or symlink.
        // Random.Shared, not RandomNumberGenerator: the latter starts OpenSSL (libssl, libcrypto and
        // openssl.cnf, a few milliseconds) in a process that may need no other cryptography.
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Random.Shared.NextInt64(1L << 48):x12}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // Created owner-only, so secrets are never readable by others even for an instant.
                options.UnixCreateMode = FileModes.OwnerReadWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, m);
            }

            _beforeRename?.Invoke(temp);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public void DeleteFile(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc />
    public void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FileModes.OwnerAll);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> EnumerateFiles(string directory, string searchPattern)
        => Directory.Exists(directory) ? Directory.GetFiles(directory, searchPattern) : [];

    /// <inheritdoc />
    public UnixFileMode? GetUnixFileMode(string path)
        => OperatingSystem.IsWindows() || !File.Exists(path) ? null : File.GetUnixFileMode(path);

    /// <inheritdoc />
    public FileStamp? GetStamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : null;
    }

    /// <inheritdoc />
    public DateTimeOffset? GetLastWriteTime(string path)
        => File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;

    private static string ResolveFinalTarget(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
        {
            return path;
        }

        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is harmless and never read.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
