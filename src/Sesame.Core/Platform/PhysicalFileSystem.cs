using Microsoft.Win32.SafeHandles;

namespace Sesame.Core.Platform;

/// <summary>
/// The real file system, with the guarantees of docs/secrets.md ("File-system guarantees"): reads
/// of regular files only (a non-blocking open, then a check of what was opened, then a size limit);
/// writes through a fresh <c>O_EXCL</c> temporary file in the target's folder and a rename, never
/// through a symbolic link, with the mode set explicitly; folders created 0700; folders other users
/// can write refused for writes.
/// </summary>
public sealed partial class PhysicalFileSystem : IFileSystem
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

    /// <summary>
    /// The instance for a process that ends soon (the CLI): <see cref="ReadContent"/> maps files of
    /// <see cref="MapThreshold"/> bytes or more instead of copying them, and those mappings last until the
    /// process exits (unmapping them safely would need every reader to keep the mapping reachable while
    /// it reads). Programs that live long (the library, the servers) use <see cref="Instance"/>, which reads.
    /// </summary>
    public static PhysicalFileSystem ForShortLivedProcess { get; } = new() { MapsLargeFiles = true };

    /// <summary>Files from this size on are mapped rather than read when <see cref="MapsLargeFiles"/> is set.</summary>
    public const long MapThreshold = 64 * 1024;

    /// <summary>True when <see cref="ReadContent"/> maps large files (see <see cref="ForShortLivedProcess"/>).</summary>
    public bool MapsLargeFiles { get; init; }

    /// <inheritdoc />
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc />
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc />
    public byte[] ReadAllBytes(string path) => ReadAllBytes(path, FileLimits.MaxReadBytes);

    /// <summary>Reads a whole regular file of at most <paramref name="maxLength"/> bytes (see <see cref="IFileSystem.ReadAllBytes"/>).</summary>
    public static byte[] ReadAllBytes(string path, long maxLength)
    {
        using var handle = OpenRegularFile(path, out var stat);
        return ReadAll(handle, path, stat?.Length ?? RandomAccess.GetLength(handle), maxLength);
    }

    /// <inheritdoc />
    public FileContent ReadContent(string path)
    {
        using var handle = OpenRegularFile(path, out var stat);
        if (stat is not { } known)
        {
            return new FileContent(ReadAll(handle, path, RandomAccess.GetLength(handle), FileLimits.MaxReadBytes), GetStamp(path));
        }

        if (known.Length > FileLimits.MaxReadBytes)
        {
            throw TooLarge(path, FileLimits.MaxReadBytes);
        }

        var stamp = new FileStamp(known.Length, known.LastWriteTicks);
        if (MapsLargeFiles && known.Length >= MapThreshold && Posix.Map(handle, known.Length) is { } mapped)
        {
            return new FileContent(mapped.Memory, stamp);
        }

        return new FileContent(ReadAll(handle, path, known.Length, FileLimits.MaxReadBytes), stamp);
    }

    private static byte[] ReadAll(SafeFileHandle handle, string path, long length, long maxLength)
    {
        if (length > maxLength)
        {
            throw TooLarge(path, maxLength);
        }

        // The size may change while reading: read until the end, never past the limit.
        var buffer = new byte[Math.Max(length, 0) + 1];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxLength)
                {
                    throw TooLarge(path, maxLength);
                }

                Array.Resize(ref buffer, (int)Math.Min(maxLength + 1, Math.Max(buffer.Length * 2L, 4096)));
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > maxLength)
        {
            throw TooLarge(path, maxLength);
        }

        return total == buffer.Length ? buffer : buffer[..total];
    }

    /// <inheritdoc />
    public void WriteAllBytesAtomic(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = FileModes.OwnerReadWrite)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new UnsafeFileException(full, FileRefusal.BadPath, "is not a file path");
        CreateDirectory(directory);
        FolderSafety.Require(directory);
        RefuseExisting(full, Posix.Stat(full, followLinks: false));
        WriteThroughTemp(directory, full, content, newFileMode, replace: true);
    }

    /// <inheritdoc />
    public void WriteUserFileAtomic(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var target = UserFileTarget(full);
        var directory = Path.GetDirectoryName(target) ?? throw new UnsafeFileException(full, FileRefusal.BadPath, "is not a file path");
        CreateDirectory(directory);
        FolderSafety.Require(directory);
        var existing = Posix.Stat(target, followLinks: false);
        RefuseExisting(target, existing);

        // Keep the user's read bits (a config may be shared read-only on purpose), never group or
        // other write, never execute.
        var mode = existing.Kind == FileKind.Regular && !OperatingSystem.IsWindows()
            ? (File.GetUnixFileMode(target) & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)) | UnixFileMode.UserWrite | UnixFileMode.UserRead
            : FileModes.OwnerReadWrite;
        WriteThroughTemp(directory, target, content, mode, replace: true);
    }

    /// <inheritdoc />
    public void CreateNewFile(string path, ReadOnlySpan<byte> content, UnixFileMode mode = FileModes.OwnerReadWrite)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new UnsafeFileException(full, FileRefusal.BadPath, "is not a file path");
        CreateDirectory(directory);
        FolderSafety.Require(directory);
        var existing = Posix.Stat(full, followLinks: false);
        RefuseExisting(full, existing);
        if (existing.Kind != FileKind.Missing)
        {
            throw new IOException($"{full} already exists; nothing was written");
        }

        WriteThroughTemp(directory, full, content, mode, replace: false);
    }

    /// <inheritdoc />
    public void DeleteFile(string path)
    {
        // Deleting a link removes the link, never its target.
        var kind = Posix.Stat(path, followLinks: false).Kind;
        if (kind is not FileKind.Missing and not FileKind.Directory)
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc />
    public void CreateDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        // Each missing folder is created and then chmod-ed 0700, so the umask (even 000) never widens
        // it; .NET's CreateDirectory(path, mode) gives parents the default mode.
        var missing = new Stack<string>();
        for (var current = full; current is not null; current = Path.GetDirectoryName(current))
        {
            var stat = Posix.Stat(current, followLinks: true);
            if (stat.Kind == FileKind.Directory)
            {
                break;
            }

            if (stat.Kind != FileKind.Missing)
            {
                throw new UnsafeFileException(current, FileRefusal.NotAFolder, $"is not a folder, so {full} cannot be created; check the setting that names it");
            }

            missing.Push(current);
        }

        foreach (var folder in missing)
        {
            // A variable that was not expanded ('~', '$HOME/x') must not become a folder of that name
            // below the working folder.
            var name = Path.GetFileName(folder);
            if (name == "~" || name.StartsWith('$'))
            {
                throw new UnsafeFileException(full, FileRefusal.BadPath, $"would create a folder named '{name}' in {Path.GetDirectoryName(folder)}; a path setting was probably not expanded (no home folder, or an unset variable): use a full path");
            }
        }

        while (missing.TryPop(out var folder))
        {
            try
            {
                Directory.CreateDirectory(folder, FileModes.OwnerAll);
                var created = Posix.Stat(folder, followLinks: false);
                if (created.Kind == FileKind.Directory && (!created.HasOwner || created.Owner == Posix.EffectiveUserId))
                {
                    File.SetUnixFileMode(folder, FileModes.OwnerAll);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UnsafeFileException(folder, FileRefusal.NotAFolder, $"cannot create this folder ({e.Message})");
            }
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
        if (Posix.IsSupported)
        {
            // One statx; the time as FileInfo computes it, so stamps recorded either way agree.
            var stat = Posix.Stat(path, followLinks: true);
            return stat.Kind == FileKind.Regular ? new FileStamp(stat.Length, stat.LastWriteTicks) : null;
        }

        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : null;
    }

    /// <inheritdoc />
    public DateTimeOffset? GetLastWriteTime(string path)
        => File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;

    private static void RefuseExisting(string path, FileStat existing)
    {
        switch (existing.Kind)
        {
            case FileKind.Missing or FileKind.Regular:
                return;
            case FileKind.SymbolicLink:
                throw new UnsafeFileException(
                    path,
                    FileRefusal.SymbolicLink,
                    "is a symbolic link; Sesame never writes secrets, caches, locks or backups through a link (it may have been planted to catch them): look at where it points, remove it, and try again");
            default:
                throw new UnsafeFileException(path, FileRefusal.NotAFile, $"is {Describe(existing.Kind)}, not a file; remove it or choose another path");
        }
    }

    private void WriteThroughTemp(string directory, string target, ReadOnlySpan<byte> content, UnixFileMode mode, bool replace)
    {
        var temp = Path.Combine(directory, TempFiles.NewName(Path.GetFileName(target)));
        try
        {
            // CreateNew is O_CREAT|O_EXCL: it never follows a link and never opens an existing file.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // Owner-only from the first instant, so secrets are never readable by others.
                options.UnixCreateMode = FileModes.OwnerReadWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // Explicit, on the open descriptor: neither the umask nor a previous file decides.
                    File.SetUnixFileMode(stream.SafeFileHandle, mode);
                }

                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            _beforeRename?.Invoke(temp);
            if (replace)
            {
                // rename(2) replaces the name itself: a link planted after the check is replaced, not followed.
                File.Move(temp, target, overwrite: true);
            }
            else
            {
                // link(2) then unlink: fails when anything, even a dangling link, holds the name.
                File.Move(temp, target, overwrite: false);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        TempFiles.RemoveStale(directory, DateTimeOffset.UtcNow);
    }

    private static SafeFileHandle OpenRegularFile(string path, out FileStat? stat)
    {
        stat = null;
        if (!Posix.IsSupported)
        {
            // .NET refuses folders itself; elsewhere the size limit is the guard.
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        var handle = Posix.OpenForReading(path, out var errno);
        if (handle is null)
        {
            throw errno switch
            {
                2 => new FileNotFoundException($"Could not find file '{path}'.", path),
                20 => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."),
                13 or 1 => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
                Posix.ENXIO => new UnsafeFileException(path, FileRefusal.NotAFile, "is a socket or device without a reader, not a file"),
                _ => new IOException($"cannot open {path}: {Posix.Describe(errno)}"),
            };
        }

        try
        {
            var opened = Posix.Stat(handle);
            if (opened.Kind != FileKind.Regular)
            {
                throw new UnsafeFileException(path, FileRefusal.NotAFile, $"is {Describe(opened.Kind)}, not a file; Sesame reads only regular files (a FIFO could block it, a device could feed it without end)");
            }

            stat = opened;
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static UnsafeFileException TooLarge(string path, long limit)
        => new(path, FileRefusal.TooLarge, $"is larger than {limit / (1024 * 1024)} MiB, more than Sesame reads from one file; check that the path names the right file");

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a folder",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.SymbolicLink => "a symbolic link",
        _ => "not a regular file",
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is harmless, never read, and removed by a later write.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
