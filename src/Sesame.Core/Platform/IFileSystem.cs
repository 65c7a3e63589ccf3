namespace Sesame.Core.Platform;

/// <summary>
/// File access for everything Sesame reads and writes (docs/secrets.md, "File-system guarantees").
/// Reads take regular files only, up to a size limit, and never block on a FIFO. Writes are atomic
/// (a fresh temporary file in the same folder, then a rename), so a killed process never leaves a
/// truncated config, cache or store; they never write through a symbolic link and set the mode
/// explicitly, whatever the umask and the previous file said.
/// </summary>
public interface IFileSystem
{
    /// <summary>True when a regular file exists at <paramref name="path"/>.</summary>
    bool FileExists(string path);

    /// <summary>True when a folder exists at <paramref name="path"/>.</summary>
    bool DirectoryExists(string path);

    /// <summary>
    /// Reads a whole regular file of at most <see cref="FileLimits.MaxReadBytes"/>. Throws
    /// <see cref="FileNotFoundException"/> when it is missing and <see cref="UnsafeFileException"/> for a
    /// folder, FIFO, device or socket (opened without blocking) or a file over the limit.
    /// </summary>
    byte[] ReadAllBytes(string path);

    /// <summary>
    /// Reads a whole regular file as <see cref="ReadAllBytes"/> does, with the version read. The real file
    /// system maps a large file (a config of thousands of profiles) instead of copying it into a fresh
    /// array, and takes the version from the open file. This default reads and then stats.
    /// </summary>
    FileContent ReadContent(string path) => new(ReadAllBytes(path), GetStamp(path));

    /// <summary>
    /// Writes a file Sesame owns (a store item, cache, token, lock marker, backend choice) atomically
    /// with exactly <paramref name="newFileMode"/>, whatever the umask or the previous file. A
    /// symbolic link at <paramref name="path"/> is refused (<see cref="UnsafeFileException"/>), never
    /// written through; so is a folder other users can write. Missing folders are created 0700.
    /// </summary>
    void WriteAllBytesAtomic(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = FileModes.OwnerReadWrite);

    /// <summary>
    /// Writes one of the user's own files (<c>~/.aws/config</c>, <c>~/.aws/credentials</c>)
    /// atomically. A symbolic link there (dotfile managers keep these files in a repository) is
    /// followed only when the user owns the link and its target and no other user can write the
    /// target's folder; the link stays a link. An existing file keeps its permission bits without
    /// group/other write and execute; a new file is 0600.
    /// </summary>
    void WriteUserFileAtomic(string path, ReadOnlySpan<byte> content) => WriteAllBytesAtomic(path, content);

    /// <summary>
    /// Creates a new file (a backup) with <paramref name="mode"/>, atomically and exclusively: when
    /// anything is already at <paramref name="path"/> (a file, a link, even a dangling one) nothing is
    /// written and <see cref="UnsafeFileException"/> or <see cref="IOException"/> is thrown.
    /// </summary>
    void CreateNewFile(string path, ReadOnlySpan<byte> content, UnixFileMode mode = FileModes.OwnerReadWrite)
    {
        if (FileExists(path))
        {
            throw new IOException($"{path} already exists");
        }

        WriteAllBytesAtomic(path, content, mode);
    }

    /// <summary>Deletes a file if it exists.</summary>
    void DeleteFile(string path);

    /// <summary>Creates a folder (and its parents) when missing, each one 0700 whatever the umask.</summary>
    void CreateDirectory(string path);

    /// <summary>Lists the files of a folder matching a simple pattern; empty when the folder is missing.</summary>
    IReadOnlyList<string> EnumerateFiles(string directory, string searchPattern);

    /// <summary>The Unix permission bits of a file, or <c>null</c> on Windows or when it is missing.</summary>
    UnixFileMode? GetUnixFileMode(string path);

    /// <summary>The last write time of a file, or <c>null</c> when it is missing.</summary>
    DateTimeOffset? GetLastWriteTime(string path);

    /// <summary>The file's size and last write time (one <c>stat</c>), or <c>null</c> when it is missing.</summary>
    FileStamp? GetStamp(string path);
}

/// <summary>What identifies a version of a file cheaply: its size and last write time.</summary>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteTicks">Last write time, UTC ticks.</param>
public readonly record struct FileStamp(long Length, long LastWriteTicks)
{
    // Written out: the generated equality goes through EqualityComparer<long>.Default, whose first
    // use creates the comparer by reflection on every cached credential_process call.

    /// <inheritdoc />
    public bool Equals(FileStamp other) => Length == other.Length && LastWriteTicks == other.LastWriteTicks;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Length, LastWriteTicks);
}

/// <summary>How much Sesame reads from one file.</summary>
public static class FileLimits
{
    /// <summary>
    /// 16 MiB: far above any real config (a 10,000-profile file is about 1 MiB), token or cache
    /// file, and small enough that a wrong path (a huge log, a disk image) fails at once.
    /// </summary>
    public const long MaxReadBytes = 16L * 1024 * 1024;
}

/// <summary>Permission sets used for files that hold secrets or configuration.</summary>
public static class FileModes
{
    /// <summary>0600: files holding secrets and new config files.</summary>
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700: folders Sesame creates.</summary>
    public const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
