namespace Sesame.Core.Platform;

/// <summary>Cross-process mutual exclusion per cache key (single flight), and the failures it shares.</summary>
public interface ILockProvider
{
    /// <summary>
    /// Waits until no other process holds the lock for <paramref name="key"/> and takes it. A lock
    /// held by a process that died is released by the operating system at once.
    /// </summary>
    Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The last failure recorded for <paramref name="key"/> by any process, or <c>null</c>.</summary>
    SharedFailure? RecentFailure(string key) => null;

    /// <summary>Records a failure for the processes waiting on the same key (call while holding the lock).</summary>
    void RecordFailure(string key, SharedFailure failure)
    {
    }

    /// <summary>Forgets the failure of <paramref name="key"/> (call while holding the lock, after a success).</summary>
    void ClearFailure(string key)
    {
    }
}
