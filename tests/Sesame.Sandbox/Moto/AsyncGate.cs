namespace Sesame.Sandbox.Moto;

/// <summary>
/// A readers/writer gate for moto. Ordinary traffic shares it; the short windows in which the sandbox
/// switches moto's authentication off to create a role (moto counts unauthenticated requests globally)
/// take it alone, so no client request can slip through unauthenticated.
/// </summary>
internal sealed class AsyncGate
{
    private readonly SemaphoreSlim _turnstile = new(1, 1);
    private readonly object _lock = new();
    private int _readers;
    private TaskCompletionSource? _drained;

    public async Task<IDisposable> EnterSharedAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken);
        lock (_lock)
        {
            _readers++;
        }

        _turnstile.Release();
        return new Releaser(() =>
        {
            lock (_lock)
            {
                if (--_readers == 0)
                {
                    _drained?.TrySetResult();
                }
            }
        });
    }

    public async Task<IDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken);
        Task drained;
        lock (_lock)
        {
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _readers == 0 ? Task.CompletedTask : _drained.Task;
        }

        try
        {
            await drained.WaitAsync(cancellationToken);
        }
        catch
        {
            _turnstile.Release();
            throw;
        }

        return new Releaser(() => _turnstile.Release());
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                release();
            }
        }
    }
}
