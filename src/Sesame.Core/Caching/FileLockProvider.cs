using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Caching;

/// <summary>
/// Locks as exclusive opens of small files in a private folder. On Unix, .NET implements
/// <see cref="FileShare.None"/> with <c>flock</c>, which the kernel releases when the holder exits —
/// so a killed process never leaves a stale lock; on Windows the same open is exclusive by nature.
/// </summary>
public sealed class FileLockProvider : ILockProvider
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly ILog _log;

    /// <summary>Creates the provider over a folder (created 0700 when missing).</summary>
    public FileLockProvider(string directory, TimeProvider time, ILog log)
    {
        _directory = directory;
        _time = time;
        _log = log;
    }

    /// <inheritdoc />
    public async Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_directory))
        {
            PhysicalFileSystem.Instance.CreateDirectory(_directory);
        }

        var path = Path.Combine(_directory, key.Replace('/', '-') + ".lock");
        var started = _time.GetUtcNow();
        var announced = false;
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = FileModes.OwnerReadWrite;
                }

                return new FileStream(path, options);
            }
            catch (IOException) when (_time.GetUtcNow() - started < timeout)
            {
                if (!announced && _time.GetUtcNow() - started > TimeSpan.FromSeconds(1))
                {
                    _log.Debug($"waiting for another sesame process that is getting the same credentials ({path})");
                    announced = true;
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new CredentialsException($"waited {timeout.TotalSeconds:F0} s for another sesame process getting the same credentials; try again", ExitCodes.Timeout, e);
            }
        }
    }
}
