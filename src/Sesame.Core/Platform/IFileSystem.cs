namespace Sesame.Core.Platform;

/// <summary>
/// File access for everything Sesame reads and writes. Writes are atomic (a temporary file in the
/// same folder, then a rename), so a killed process never leaves a truncated config, cache or store.
/// </summary>
public interface IFileSystem
{
    /// <summary>True when a regular file exists at <paramref name="path"/>.</summary>
    bool FileExists(string path);

    /// <summary>True when a folder exists at <paramref name="path"/>.</summary>
    bool DirectoryExists(string path);

    /// <summary>Reads a whole file; throws <see cref="FileNotFoundException"/> when it is missing.</summary>
    byte[] ReadAllBytes(string path);

    /// <summary>
    /// Replaces the file's content atomically. An existing file keeps its permission bits; a new
    /// file gets <paramref name="newFileMode"/> (owner read/write only unless told otherwise).
    /// Missing parent folders are created owner-only.
    /// </summary>
    void WriteAllBytesAtomic(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = FileModes.OwnerReadWrite);

    /// <summary>Deletes a file if it exists.</summary>
    void DeleteFile(string path);

    /// <summary>Creates a folder (and its parents) with owner-only permissions when missing.</summary>
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

/// <summary>Permission sets used for files that hold secrets or configuration.</summary>
public static class FileModes
{
    /// <summary>0600: files holding secrets and new config files.</summary>
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700: folders Sesame creates.</summary>
    public const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
