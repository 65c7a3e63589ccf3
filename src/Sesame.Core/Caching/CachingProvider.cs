using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Caching;

/// <summary>
/// Caches a provider's temporary credentials across runs, refreshes them ahead of expiry, and
/// makes concurrent processes share one fetch: the first takes the key's lock and fetches, the
/// others wait and then read what it stored. When a refresh fails but the cached credentials are
/// still valid, those are used (with a warning), so a network or STS outage does not stop work.
/// Only the fetching process ever prompts, so N callers cost at most one prompt. A failed fetch is
/// shared the same way (<see cref="SharedFailure"/>): callers that waited on it get its error.
/// </summary>
public sealed class CachingProvider : ICredentialProvider
{
    private readonly ICredentialProvider _inner;
    private readonly string _key;
    private readonly string _profile;
    private readonly ICredentialCache _cache;
    private readonly ILockProvider _locks;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshWindow;
    private readonly TimeSpan _lockTimeout;
    private readonly ILog _log;

    /// <summary>Creates the decorator.</summary>
    public CachingProvider(ICredentialProvider inner, string key, string profile, ICredentialCache cache, ILockProvider locks, TimeProvider time, TimeSpan refreshWindow, TimeSpan lockTimeout, ILog log)
    {
        _inner = inner;
        _key = key;
        _profile = profile;
        _cache = cache;
        _locks = locks;
        _time = time;
        _refreshWindow = refreshWindow;
        _lockTimeout = lockTimeout;
        _log = log;
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <summary>The cache key.</summary>
    public string Key => _key;

    /// <summary>The provider whose results are cached.</summary>
    public ICredentialProvider Inner => _inner;

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        if (TryFresh(out var cached))
        {
            return cached;
        }

        // Milliseconds, as a shared failure records its time.
        var waitingSince = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        using (await _locks.AcquireAsync(_key, _lockTimeout, cancellationToken).ConfigureAwait(false))
        {
            // Another process may have refreshed while we waited for the lock.
            if (TryFresh(out cached))
            {
                return cached;
            }

            // ... or failed: callers that were already waiting share its error instead of each
            // making one more failing call (32 waiters on a 403 cost one call, not 32).
            if (_locks.RecentFailure(_key) is { } shared && shared.AppliesTo(waitingSince, _time.GetUtcNow()))
            {
                throw shared.ToException();
            }

            var stale = TryCached(out var previous) && previous.Expiration > _time.GetUtcNow() ? previous : null;
            AwsCredentials fresh;
            try
            {
                fresh = await _inner.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SesameException e) when (stale is not null && e is not ConfigException)
            {
                _log.Warn($"{_inner.Name}: refresh failed ({e.Message}); using cached credentials valid until {stale.Expiration:u}");
                return stale;
            }
            catch (SesameException e) when (IsShareable(e))
            {
                _locks.RecordFailure(_key, SharedFailure.From(e, _time.GetUtcNow()));
                throw;
            }

            if (fresh.Expiration is { } expiration)
            {
                if (expiration <= _time.GetUtcNow())
                {
                    throw new CredentialsException($"{_inner.Name} returned credentials that expired at {expiration:u}; check the system clock");
                }

                try
                {
                    _cache.Put(_key, fresh, _profile, _inner.Name);
                }
                catch (SesameException e) when (e is not ConfigException)
                {
                    // The credentials are good; only remembering them failed (a locked store without a terminal, …).
                    _log.Warn($"could not cache credentials for {_inner.Name}: {e.Message}");
                }
            }

            _locks.ClearFailure(_key);
            return fresh;
        }
    }

    // A caller that needs to be asked something (no terminal here, maybe one there) tries itself;
    // so does one whose SAML sign-in needs a person (exit 9: it may have the terminal the other lacked).
    private static bool IsShareable(SesameException error) => error is not InteractionRequiredException && error.ExitCode != ExitCodes.SamlLoginRequired;

    private bool TryFresh(out AwsCredentials credentials)
    {
        if (TryCached(out credentials) && credentials.Expiration is { } expiration && expiration - _time.GetUtcNow() > _refreshWindow)
        {
            return true;
        }

        credentials = null!;
        return false;
    }

    private bool TryCached(out AwsCredentials credentials)
    {
        try
        {
            return _cache.TryGet(_key, out credentials);
        }
        catch (SesameException e) when (e is not ConfigException)
        {
            _log.Warn($"could not read cached credentials for {_inner.Name}: {e.Message}");
            credentials = null!;
            return false;
        }
    }
}
