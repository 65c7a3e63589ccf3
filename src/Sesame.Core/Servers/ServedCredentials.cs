using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Servers;

/// <summary>How <see cref="ServedCredentials"/> decides when to fetch again.</summary>
public sealed record ServedCredentialsOptions
{
    /// <summary>
    /// Fetch again when less than this is left (capped at half the credentials' lifetime, so short
    /// sessions are not fetched on every request). The default, 20 minutes, is above the 15 minutes at
    /// which botocore and the AWS SDK for .NET ask again, so an SDK asking then gets fresh credentials.
    /// </summary>
    public TimeSpan RefreshWindow { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// While a renewal runs and the current credentials still have more than
    /// <see cref="MinimumValidity"/> left, a request waits at most this long before it gets the current
    /// ones — below the SDKs' 1–2 s timeouts, so a renewal that waits on a prompt never fails an SDK call.
    /// </summary>
    public TimeSpan StaleWait { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Credentials with less than this left are never handed out while a renewal is pending.</summary>
    public TimeSpan MinimumValidity { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>After a failed fetch, requests get that failure (or the still valid credentials) for this long before another fetch is tried.</summary>
    public TimeSpan RetryAfterFailure { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The credentials a server hands out, fetched through a callback (the engine's chain) and renewed
/// ahead of expiry. Single flight: however many requests arrive while credentials are due, one fetch
/// runs and they all get its result. A fetch that cannot complete without a prompt
/// (<see cref="InteractionRequiredException"/>) or fails otherwise is logged once, and requests get the
/// still valid credentials, or the failure when there are none.
/// </summary>
public sealed class ServedCredentials : IDisposable
{
    private readonly Func<CancellationToken, Task<AwsCredentials>> _fetch;
    private readonly TimeProvider _time;
    private readonly ILog _log;
    private readonly ServedCredentialsOptions _options;
    private readonly string _name;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private Entry? _current;
    private (Exception Error, DateTimeOffset At)? _failure;
    private Task<Entry>? _pending;
    private int _fetches;

    /// <summary>Creates the cache; nothing is fetched until asked.</summary>
    /// <param name="fetch">Gets credentials (the engine's chain); may throw <see cref="InteractionRequiredException"/>.</param>
    /// <param name="time">The clock deciding expiry.</param>
    /// <param name="log">Where failures are reported (the server's log).</param>
    /// <param name="options">Refresh rules.</param>
    /// <param name="name">The server's name, for log lines.</param>
    public ServedCredentials(Func<CancellationToken, Task<AwsCredentials>> fetch, TimeProvider time, ILog log, ServedCredentialsOptions? options = null, string name = "credentials server")
    {
        _fetch = fetch;
        _time = time;
        _log = log;
        _options = options ?? new ServedCredentialsOptions();
        _name = name;
    }

    /// <summary>How many times the callback has been called.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>When the credentials being served were fetched, or <c>null</c> before the first fetch.</summary>
    public DateTimeOffset? LastUpdated
    {
        get
        {
            lock (_gate)
            {
                return _current?.FetchedAt;
            }
        }
    }

    /// <summary>
    /// The credentials to hand out now: the cached ones unless they are due, else the result of the
    /// (shared) renewal. Throws the fetch's exception when no usable credentials exist.
    /// </summary>
    public async Task<(AwsCredentials Credentials, DateTimeOffset FetchedAt)> GetAsync(CancellationToken cancellationToken)
    {
        Entry? current;
        Task<Entry> renewal;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            current = _current;
            if (current is not null && !IsDue(current, now))
            {
                return (current.Credentials, current.FetchedAt);
            }

            var usable = current is not null && IsUsable(current, now);
            if (_pending is null && _failure is { } failure && now - failure.At < _options.RetryAfterFailure)
            {
                // Do not hammer STS (or re-run a prompt) for every request right after a failure.
                if (usable)
                {
                    return (current!.Credentials, current.FetchedAt);
                }

                throw Rethrowable(failure.Error);
            }

            renewal = _pending ??= StartFetch();
        }

        if (current is not null && IsUsable(current, now))
        {
            var delay = Task.Delay(_options.StaleWait, _time, cancellationToken);
            if (await Task.WhenAny(renewal, delay).ConfigureAwait(false) != renewal || !renewal.IsCompletedSuccessfully)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return (current.Credentials, current.FetchedAt);
            }
        }

        var fresh = await renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (fresh.Credentials, fresh.FetchedAt);
    }

    /// <summary>Fetches now unless fresh credentials are cached; throws what the fetch throws (for a start-up check).</summary>
    public async Task PrimeAsync(CancellationToken cancellationToken)
    {
        Task<Entry> renewal;
        lock (_gate)
        {
            if (_current is not null && !IsDue(_current, _time.GetUtcNow()))
            {
                return;
            }

            renewal = _pending ??= StartFetch();
        }

        await renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels a fetch in progress.</summary>
    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private bool IsDue(Entry entry, DateTimeOffset now)
    {
        if (entry.Credentials.Expiration is not { } expiration)
        {
            return false;
        }

        var lifetime = expiration - entry.FetchedAt;
        var window = lifetime / 2 < _options.RefreshWindow ? lifetime / 2 : _options.RefreshWindow;
        return expiration - now <= window;
    }

    private bool IsUsable(Entry entry, DateTimeOffset now)
        => entry.Credentials.Expiration is not { } expiration || expiration - now > _options.MinimumValidity;

    private Task<Entry> StartFetch()
    {
        // Run outside the lock: a callback that completes synchronously must not clear _pending before it is set.
        var task = Task.Run(FetchAsync);
        _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task<Entry> FetchAsync()
    {
        Interlocked.Increment(ref _fetches);
        try
        {
            var credentials = await _fetch(_lifetime.Token).ConfigureAwait(false);
            var entry = new Entry(credentials, _time.GetUtcNow());
            lock (_gate)
            {
                _current = entry;
                _failure = null;
                _pending = null;
            }

            _log.Debug($"{_name}: fetched credentials {KeyDisplay.Mask(credentials.AccessKeyId)}"
                + (credentials.Expiration is { } at ? $" expiring {UtcTimestamp.Format(at)}" : string.Empty));
            return entry;
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _failure = (e, _time.GetUtcNow());
                _pending = null;
            }

            _log.Warn($"{_name}: {Describe(e)}");
            throw;
        }
    }

    /// <summary>A one-line description of a fetch failure (messages of Sesame's own errors carry no secrets).</summary>
    internal static string Describe(Exception e) => e switch
    {
        InteractionRequiredException => $"cannot renew the credentials without a prompt: {e.Message}",
        SesameException => $"cannot get credentials: {e.Message}",
        OperationCanceledException => "the credentials request was cancelled",
        _ => $"cannot get credentials: unexpected {e.GetType().Name}",
    };

    private static SesameException Rethrowable(Exception e) => e switch
    {
        InteractionRequiredException i => new InteractionRequiredException(i.Message),
        SesameException s => new SesameException(s.Message, s.ExitCode, s),
        _ => new SesameException("the last attempt to get credentials failed; see the server's log", ExitCodes.CredentialsFailed, e),
    };

    private sealed record Entry(AwsCredentials Credentials, DateTimeOffset FetchedAt);
}
