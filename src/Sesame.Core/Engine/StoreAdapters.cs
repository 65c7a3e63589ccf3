using Sesame.Core.Providers;
using Sesame.Core.Caching;
using Sesame.Core.Credentials;
using Sesame.Core.Mfa;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Typed;

namespace Sesame.Core.Engine;

/// <summary>
/// How the engine reaches the secret store: <see cref="Existing"/> opens it only if one is already
/// in use (never probes or writes, so lookups stay read-only); <see cref="CreateIfNeeded"/> may choose
/// a backend and remember it (used when there is something to store).
/// </summary>
/// <param name="Existing">The store in use, or <c>null</c> when none has been set up.</param>
/// <param name="CreateIfNeeded">The store, chosen and remembered now if need be.</param>
public sealed record StoreAccessors(Func<ISecretStore?> Existing, Func<ISecretStore> CreateIfNeeded)
{
    /// <summary>
    /// The store for cached sessions, or <c>null</c> with the reason when sessions must not go there now:
    /// opening it would mean asking someone (a locked store without a terminal; a store that does not
    /// exist yet and would need a new passphrase). Default: <see cref="CreateIfNeeded"/>.
    /// </summary>
    public Func<(ISecretStore? Store, string? Reason)>? ForSessions { get; init; }

    /// <summary>Accessors over one store that always exists (tests).</summary>
    public static StoreAccessors Of(ISecretStore store) => new(() => store, () => store);
}

/// <summary><see cref="ICredentialCache"/> over the secret store's <see cref="SessionCache"/>.</summary>
public sealed class SessionCacheAdapter : ICredentialCache
{
    private readonly StoreAccessors _stores;
    private readonly TimeProvider _time;

    /// <summary>Creates the adapter.</summary>
    public SessionCacheAdapter(StoreAccessors stores, TimeProvider time)
    {
        _stores = stores;
        _time = time;
    }

    /// <inheritdoc />
    public bool TryGet(string key, out AwsCredentials credentials)
    {
        credentials = null!;

        // A store that could only be read by asking is a miss, not a prompt or an error.
        return Readable() is { } store && new SessionCache(store, _time).TryGet(key, out credentials);
    }

    /// <inheritdoc />
    public void Put(string key, AwsCredentials credentials, string profile, string description)
    {
        var (store, reason) = _stores.ForSessions?.Invoke() ?? (_stores.CreateIfNeeded(), null);
        if (store is null)
        {
            throw new SecretStoreException(SecretStoreFailure.Locked, reason ?? "the secret store cannot be opened without asking");
        }

        new SessionCache(store, _time).Put(key, credentials, new Dictionary<string, string>
        {
            [SessionCache.ProfileMetadata] = profile,
            ["source"] = description,
        });
    }

    private ISecretStore? Readable()
    {
        if (_stores.Existing() is not { } store)
        {
            return null;
        }

        return _stores.ForSessions is null ? store : _stores.ForSessions().Store;
    }

    /// <inheritdoc />
    public bool Remove(string key) => _stores.Existing() is { } store && new SessionCache(store, _time).Remove(key);

    /// <inheritdoc />
    public DateTimeOffset? PeekExpiration(string key)
    {
        if (_stores.Existing() is not { } store)
        {
            return null;
        }

        foreach (var item in store.List(SessionCache.Prefix + key))
        {
            if (item.Key == SessionCache.Prefix + key)
            {
                return CredentialsPayload.ParseTime(item.Metadata.GetValueOrDefault(SessionCache.ExpiresMetadata));
            }
        }

        return null;
    }

    /// <inheritdoc />
    public int Clear() => _stores.Existing() is { } store ? new SessionCache(store, _time).Clear() : 0;

    /// <inheritdoc />
    public IReadOnlyList<string> Keys()
    {
        var keys = new List<string>();
        if (_stores.Existing() is { } store)
        {
            foreach (var item in new SessionCache(store, _time).List())
            {
                keys.Add(item.CacheKey);
            }
        }

        return keys;
    }
}

/// <summary><see cref="IStoredKeys"/> over the secret store's <see cref="AccessKeyStore"/>.</summary>
public sealed class StoredKeysAdapter : IStoredKeys
{
    private readonly StoreAccessors _stores;
    private readonly TimeProvider _time;
    private AccessKeyStore? _keys;
    private bool _noStore;

    /// <summary>Creates the adapter.</summary>
    public StoredKeysAdapter(StoreAccessors stores, TimeProvider time)
    {
        _stores = stores;
        _time = time;
    }

    /// <inheritdoc />
    public bool Has(string profile) => Keys()?.Has(profile) == true;

    /// <inheritdoc />
    public string? AccessKeyId(string profile)
    {
        foreach (var info in Keys()?.List() ?? [])
        {
            if (info.Profile == profile)
            {
                return $"{info.MaskedKeyId}@{info.Added:O}";
            }
        }

        return null;
    }

    /// <inheritdoc />
    public AwsCredentials Get(string profile)
        => Keys()?.Get(profile) ?? throw new CredentialsException($"profile '{profile}': no access keys in the secret store; add them with 'sesame keys add {profile}'");

    private AccessKeyStore? Keys()
    {
        if (_keys is null && !_noStore)
        {
            var store = _stores.Existing();
            _noStore = store is null;
            _keys = store is null ? null : new AccessKeyStore(store, _time);
        }

        return _keys;
    }
}

/// <summary>MFA codes from a TOTP seed kept in the secret store for the device (<c>sesame mfa add</c>).</summary>
public sealed class StoredTotpSource : IMfaCodeSourceCandidate
{
    private readonly StoreAccessors _stores;
    private readonly TimeProvider _time;

    /// <summary>Creates the source.</summary>
    public StoredTotpSource(StoreAccessors stores, TimeProvider time)
    {
        _stores = stores;
        _time = time;
    }

    /// <inheritdoc />
    public bool IsInteractive => false;

    /// <inheritdoc />
    public bool Applies(string serialNumber, string profile)
        => _stores.Existing() is { } store && new TotpSeedStore(store).Has(serialNumber);

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(string serialNumber, string profile) => Applies(serialNumber, profile);

    /// <inheritdoc />
    public async Task<string> GetCodeAsync(string serialNumber, string profile, int attempt, CancellationToken cancellationToken)
    {
        var seed = new TotpSeedStore(_stores.Existing()!).Get(serialNumber)
            ?? throw new CredentialsException($"no TOTP seed stored for {serialNumber}");
        var generator = seed.CreateGenerator();
        if (attempt > 1)
        {
            // AWS refuses a code it has seen; the next time step gives a new one.
            await Task.Delay(generator.RemainingValidity(_time.GetUtcNow()) + TimeSpan.FromMilliseconds(200), _time, cancellationToken).ConfigureAwait(false);
        }

        return generator.Compute(_time.GetUtcNow());
    }
}
