using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sesame.Core.Platform;

/// <summary>What kind of file system object a path names.</summary>
public enum FileKind
{
    /// <summary>Nothing is there.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (only reported when links are not followed).</summary>
    SymbolicLink,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A character device (<c>/dev/zero</c>, a terminal).</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A Unix socket.</summary>
    Socket,
}

/// <summary>
/// What <c>stat</c> says about a path. <see cref="Owner"/> and <see cref="Group"/> are <c>-1</c> where
/// the platform does not tell them (then ownership checks are skipped).
/// </summary>
/// <param name="Kind">The kind of object.</param>
/// <param name="Mode">Permission bits, including set-uid, set-gid and sticky.</param>
/// <param name="Owner">The owner's user id.</param>
/// <param name="Group">The owning group's id.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteTicks">Last write time, UTC ticks (as <c>FileInfo.LastWriteTimeUtc</c> gives them), 0 when unknown.</param>
public readonly record struct FileStat(FileKind Kind, UnixFileMode Mode, long Owner, long Group, long Length, long LastWriteTicks = 0)
{
    /// <summary>Nothing at the path.</summary>
    public static FileStat Missing => new(FileKind.Missing, 0, -1, -1, 0);

    /// <summary>True when the platform told the owner.</summary>
    public bool HasOwner => Owner >= 0;
}

/// <summary>
/// The few POSIX calls .NET does not expose: <c>statx</c> (file kind and owner, also of a link
/// itself and of an open descriptor), a non-blocking <c>open</c> (a FIFO must not hang a read),
/// <c>open(O_NOFOLLOW)</c> and <c>flock</c> for lock files, the process's user and group ids,
/// <c>kill</c> and <c>realpath</c>. The real work is Linux's (<c>statx</c> has one layout on every
/// architecture); elsewhere the callers fall back to what .NET offers, with ownership unknown.
/// </summary>
internal static partial class Posix
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int ESRCH = 3;
    public const int EWOULDBLOCK = 11;
    public const int ELOOP = 40;
    public const int ENXIO = 6;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    private const int ORdOnly = 0;
    private const int ORdWr = 2;
    private const int OCreat = 0x40;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;

    private const int ProtRead = 1;
    private const int MapPrivate = 2;

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    /// <summary>True where the calls below are the real thing (Linux).</summary>
    [System.Runtime.Versioning.SupportedOSPlatformGuard("linux")]
    public static bool IsSupported => OperatingSystem.IsLinux();

    // O_NOFOLLOW is one of the few open flags whose value depends on the architecture.
    private static int ONoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>The effective user id, or -1 off Linux.</summary>
    public static long EffectiveUserId => IsSupported ? Native.geteuid() : -1;

    /// <summary>The effective group id (the user's primary group), or -1 off Linux.</summary>
    public static long EffectiveGroupId => IsSupported ? Native.getegid() : -1;

    /// <summary>Stats a path; with <paramref name="followLinks"/> false a symbolic link is reported as such.</summary>
    public static FileStat Stat(string path, bool followLinks)
    {
        if (!IsSupported)
        {
            return ManagedStat(path, followLinks);
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        var result = Native.statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer));
        return result == 0 ? Decode(buffer) : FileStat.Missing;
    }

    /// <summary>Stats an open descriptor.</summary>
    public static FileStat Stat(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var result = Native.statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer));
            if (result != 0)
            {
                throw new IOException($"cannot stat an open file: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            return Decode(buffer);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Opens a file for reading without blocking on a FIFO (or a device that waits for a peer) and
    /// without making a terminal our controlling terminal. Returns <c>null</c> with the errno when it fails.
    /// </summary>
    public static SafeFileHandle? OpenForReading(string path, out int errno)
    {
        var fd = Native.open(path, ORdOnly | ONonBlock | ONoCtty | OCloExec, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Opens (creating 0600 when missing) a lock file without following a symbolic link at its name.</summary>
    public static SafeFileHandle? OpenLockFile(string path, out int errno)
    {
        var fd = Native.open(path, ORdWr | OCreat | ONoFollow | ONoCtty | OCloExec, Convert.ToInt32("600", 8));
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Takes an exclusive <c>flock</c> without waiting; false when another process holds it.</summary>
    public static bool TryLockExclusive(SafeFileHandle handle, out int errno)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var result = Native.flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking);
            errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
            return result == 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>True when a process with this id exists (signal 0). Unknown platforms answer true.</summary>
    public static bool ProcessExists(int pid)
    {
        if (!IsSupported || pid <= 0)
        {
            return true;
        }

        return Native.kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != ESRCH;
    }

    /// <summary>Sends a signal to a process, or with a negative id to a process group. False when it failed.</summary>
    public static bool Kill(int pid, int signal) => IsSupported && Native.kill(pid, signal) == 0;

    /// <summary>The canonical absolute path (every link resolved), or <c>null</c> when it cannot be resolved.</summary>
    public static string? RealPath(string path)
    {
        if (!IsSupported)
        {
            return null;
        }

        var resolved = Native.realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Native.free(resolved);
        }
    }

    /// <summary>
    /// Maps <paramref name="length"/> bytes of an open file read-only and private, or <c>null</c> when the
    /// system refuses (the caller then reads the file). The mapping lives as long as the returned memory.
    /// </summary>
    public static MappedFileMemory? Map(SafeFileHandle handle, long length)
    {
        if (!IsSupported || length <= 0 || length > int.MaxValue)
        {
            return null;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var address = Native.mmap(0, (nuint)length, ProtRead, MapPrivate, (int)handle.DangerousGetHandle(), 0);
            if (address == -1)
            {
                return null;
            }

            // No MADV_POPULATE_READ: with the header index kept on disk a cached answer reads a few pages of
            // a large config, and mapping all of them in advance cost more (about 1 ms on 12 MB) than the
            // faults (one per 64 KiB) of a scan that does read them all (docs/benchmarks.md).
            return new MappedFileMemory(address, (int)length);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>A message for an errno.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    private static FileStat Decode(ReadOnlySpan<byte> statx)
    {
        // struct statx: stx_uid @20, stx_gid @24, stx_mode (u16) @28, stx_size @40, stx_mtime {s64 sec, u32 nsec} @112.
        var uid = BitConverter.ToUInt32(statx[20..]);
        var gid = BitConverter.ToUInt32(statx[24..]);
        var mode = BitConverter.ToUInt16(statx[28..]);
        var size = BitConverter.ToInt64(statx[40..]);

        // As .NET's FileInfo.LastWriteTimeUtc computes it, so stamps from either agree.
        var modified = DateTime.UnixEpoch.Ticks + (BitConverter.ToInt64(statx[112..]) * TimeSpan.TicksPerSecond) + (BitConverter.ToUInt32(statx[120..]) / 100);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Regular,
        };
        return new FileStat(kind, (UnixFileMode)(mode & 0xFFF), uid, gid, size, modified);
    }

    // Off Linux: what .NET can tell (no owner, devices and FIFOs look like files).
    private static FileStat ManagedStat(string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null)
        {
            return new FileStat(FileKind.SymbolicLink, 0, -1, -1, 0);
        }

        if (!info.Exists)
        {
            return FileStat.Missing;
        }

        var mode = OperatingSystem.IsWindows() ? (UnixFileMode)0 : info.UnixFileMode;
        return info is DirectoryInfo
            ? new FileStat(FileKind.Directory, mode, -1, -1, 0)
            : new FileStat(FileKind.Regular, mode, -1, -1, ((FileInfo)info).Length);
    }

    private static partial class Native
    {
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int statx(int dirfd, string path, int flags, uint mask, ref byte buffer);

        // open(2) is variadic; on Linux the mode is passed like a third ordinary argument.
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags, int mode);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int flock(int fd, int operation);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int kill(int pid, int signal);

        [LibraryImport("libc")]
        internal static partial uint geteuid();

        [LibraryImport("libc")]
        internal static partial uint getegid();

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial IntPtr realpath(string path, IntPtr resolved);

        [LibraryImport("libc")]
        internal static partial void free(IntPtr pointer);
    }
}
