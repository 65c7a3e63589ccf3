using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Caching;

/// <summary>
/// Locks as exclusive <c>flock</c>s on small files in a private folder (0700, refused when other
/// users can write it), which the kernel releases when the holder exits — so a killed process never
/// leaves a stale lock. A lock file is opened with <c>O_NOFOLLOW</c>: a symbolic link planted at its
/// name is refused, never followed or created through. Beside each lock, a failure marker
/// (<c>&lt;key&gt;.failed</c>) lets waiting processes share the holder's failure (<see cref="SharedFailure"/>).
/// </summary>
public sealed class FileLockProvider : ILockProvider
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly ILog _log;
    private bool _checked;

    /// <summary>Creates the provider over a folder (created 0700 when missing).</summary>
    public FileLockProvider(string directory, TimeProvider time, ILog log)
    {
        _directory = directory;
        _time = time;
        _log = log;
    }

    /// <summary>The lock folder.</summary>
    public string Directory => _directory;

    /// <inheritdoc />
    public async Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        EnsureDirectory();
        var path = LockPath(key);
        var started = _time.GetUtcNow();
        var announced = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryTake(path) is { } held)
            {
                return held;
            }

            if (_time.GetUtcNow() - started >= timeout)
            {
                throw new CredentialsException($"waited {timeout.TotalSeconds:F0} s for another sesame process getting the same credentials; try again", ExitCodes.Timeout);
            }

            if (!announced && _time.GetUtcNow() - started > TimeSpan.FromSeconds(1))
            {
                _log.Debug($"waiting for another sesame process that is getting the same credentials ({path})");
                announced = true;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public SharedFailure? RecentFailure(string key)
    {
        byte[] bytes;
        try
        {
            bytes = PhysicalFileSystem.ReadAllBytes(FailurePath(key), SharedFailure.MaxFileLength);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SesameException)
        {
            return null;
        }

        return SharedFailure.Parse(bytes);
    }

    /// <inheritdoc />
    public void RecordFailure(string key, SharedFailure failure)
    {
        try
        {
            EnsureDirectory();
            PhysicalFileSystem.Instance.WriteAllBytesAtomic(FailurePath(key), failure.ToBytes());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SesameException)
        {
            // Sharing a failure is an optimisation: the waiters then try themselves.
            _log.Debug($"could not record the failure beside the lock: {e.Message}");
        }
    }

    /// <inheritdoc />
    public void ClearFailure(string key)
    {
        try
        {
            PhysicalFileSystem.Instance.DeleteFile(FailurePath(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private string LockPath(string key) => Path.Combine(_directory, key.Replace('/', '-') + ".lock");

    private string FailurePath(string key) => Path.Combine(_directory, key.Replace('/', '-') + ".failed");

    private void EnsureDirectory()
    {
        if (_checked)
        {
            return;
        }

        PhysicalFileSystem.Instance.CreateDirectory(_directory);
        FolderSafety.Require(_directory);
        _checked = true;
    }

    private static IDisposable? TryTake(string path)
    {
        if (!Posix.IsSupported)
        {
            return TryTakeManaged(path);
        }

        var handle = Posix.OpenLockFile(path, out var errno);
        if (handle is null)
        {
            throw errno == Posix.ELOOP
                ? new UnsafeFileException(path, FileRefusal.SymbolicLink, "the lock file is a symbolic link; Sesame never follows a link at a lock path (it may have been planted): remove it and try again")
                : new CredentialsException($"cannot open the lock file {path}: {Posix.Describe(errno)}", ExitCodes.ConfigError);
        }

        try
        {
            var stat = Posix.Stat(handle);
            if (stat.Kind != FileKind.Regular)
            {
                throw new UnsafeFileException(path, FileRefusal.NotAFile, "the lock path is not a regular file; remove it and try again");
            }

            if (Posix.TryLockExclusive(handle, out var lockErrno))
            {
                // Explicit: the umask does not decide, and neither does a file someone created before.
                File.SetUnixFileMode(handle, FileModes.OwnerReadWrite);
                return handle;
            }

            if (lockErrno != Posix.EWOULDBLOCK)
            {
                throw new CredentialsException($"cannot lock {path}: {Posix.Describe(lockErrno)}", ExitCodes.ConfigError);
            }

            handle.Dispose();
            return null;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // Windows and macOS: .NET's FileShare.None is an exclusive open (flock on Unix).
    private static FileStream? TryTakeManaged(string path)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            throw new UnsafeFileException(path, FileRefusal.SymbolicLink, "the lock file is a symbolic link; Sesame never follows a link at a lock path: remove it and try again");
        }

        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileModes.OwnerReadWrite;
            }

            return new FileStream(path, options);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
