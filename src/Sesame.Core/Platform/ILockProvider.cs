namespace Sesame.Core.Platform;

/// <summary>Cross-process mutual exclusion per cache key (single flight).</summary>
public interface ILockProvider
{
    /// <summary>
    /// Waits until no other process holds the lock for <paramref name="key"/> and takes it. A lock
    /// held by a process that died is released by the operating system at once.
    /// </summary>
    Task<IDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken);
}
