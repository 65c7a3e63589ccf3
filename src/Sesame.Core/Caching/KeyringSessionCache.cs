using Sesame.Core.Credentials;
using Sesame.Core.Stores.Typed;
using Sesame.Core.Stores.Unlock;

namespace Sesame.Core.Caching;

/// <summary>
/// A first level in front of the secret store for cached sessions: the Linux kernel keyring (the
/// <see cref="IUnlockCache"/> that already holds the unlocked store key). A hit there is two system
/// calls, where the store costs a file read and starting OpenSSL to decrypt — the largest part of a
/// cached <c>credential_process</c> call. The exposure is the same as the unlocked store key's:
/// entries are readable only by their possessor, live in memory only, and never outlive the unlock
/// window or the credentials; <c>clear</c> and <c>lock</c> remove them with the store's entries.
/// </summary>
public sealed class KeyringSessionCache : ICredentialCache
{
    private readonly ICredentialCache _store;
    private readonly IUnlockCache _keyring;
    private readonly string _namespace;
    private readonly TimeSpan _maxLifetime;
    private readonly TimeProvider _time;
    private readonly Action<string>? _warn;
    private bool _warned;

    /// <summary>Creates the layered cache.</summary>
    /// <param name="store">The secret-store cache (the second level, the source of truth).</param>
    /// <param name="keyring">The kernel keyring (or a cache that keeps nothing).</param>
    /// <param name="storeIdentity">Names the store, so two stores never share entries.</param>
    /// <param name="maxLifetime">The unlock timeout: no entry outlives it.</param>
    /// <param name="time">The clock.</param>
    /// <param name="warn">Receives the one warning a process gives when sessions cannot go to the store (at most once per login session, remembered in the keyring).</param>
    public KeyringSessionCache(ICredentialCache store, IUnlockCache keyring, string storeIdentity, TimeSpan maxLifetime, TimeProvider time, Action<string>? warn = null)
    {
        _store = store;
        _keyring = keyring;
        _namespace = Namespace(storeIdentity);
        _maxLifetime = maxLifetime;
        _time = time;
        _warn = warn;
    }

    /// <summary>The keyring id prefix for a store's sessions (also used by <c>sesame lock</c>).</summary>
    public static string Namespace(string storeIdentity) => "session:" + CacheKeys.Derive(null, storeIdentity)[..16] + ":";

    /// <inheritdoc />
    public bool TryGet(string key, out AwsCredentials credentials)
    {
        if (_keyring.TryGet(_namespace + key) is { } payload)
        {
            var read = CredentialsPayload.Read(payload);
            Array.Clear(payload);
            if (read is not null)
            {
                credentials = read;
                return true;
            }
        }

        if (!_store.TryGet(key, out credentials))
        {
            return false;
        }

        Remember(key, credentials);
        return true;
    }

    /// <inheritdoc />
    public void Put(string key, AwsCredentials credentials, string profile, string description)
    {
        try
        {
            _store.Put(key, credentials, profile, description);
        }
        catch (Stores.SecretStoreException e) when (e.Failure == Stores.SecretStoreFailure.Locked && _keyring.IsAvailable)
        {
            // The store cannot take it without asking someone: keep the session in the keyring alone
            // (until it expires or the user logs out), and say so once rather than on every call.
            WarnOnce($"{e.Message}; meanwhile temporary credentials are kept in the kernel keyring only, until they expire or you log out");
            Remember(key, credentials);
            AddToKeyringOnly(key);
            return;
        }

        Remember(key, credentials);
    }

    private void WarnOnce(string message)
    {
        if (_warned || _warn is null)
        {
            return;
        }

        _warned = true;
        var marker = _namespace + "warned";
        if (_keyring.TryGet(marker) is { } seen)
        {
            Array.Clear(seen);
            return;
        }

        _keyring.Put(marker, [1], TimeSpan.FromHours(12));
        _warn(message);
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        var inKeyring = _keyring.Remove(_namespace + key);
        return _store.Remove(key) || inKeyring;
    }

    /// <inheritdoc />
    public DateTimeOffset? PeekExpiration(string key)
    {
        // The keyring answers without touching the store's files; its entries carry the expiry.
        if (_keyring.TryGet(_namespace + key) is { } payload)
        {
            var read = CredentialsPayload.Read(payload);
            Array.Clear(payload);
            if (read?.Expiration is { } expiration)
            {
                return expiration;
            }
        }

        return _store.PeekExpiration(key);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Keys() => [.. _store.Keys(), .. KeyringOnly()];

    /// <summary>True when the keyring holds the entry (so reading it needs neither the store nor its passphrase).</summary>
    public bool InKeyring(string key)
    {
        if (_keyring.TryGet(_namespace + key) is not { } payload)
        {
            return false;
        }

        Array.Clear(payload);
        return true;
    }

    /// <inheritdoc />
    public int Clear()
    {
        foreach (var key in _store.Keys())
        {
            _keyring.Remove(_namespace + key);
        }

        return _store.Clear() + ForgetKeyringOnly();
    }

    /// <summary>Forgets every keyring entry of the store's sessions (for <c>sesame lock</c>); the store keeps them.</summary>
    public int Forget()
    {
        var forgotten = 0;
        foreach (var key in _store.Keys())
        {
            forgotten += _keyring.Remove(_namespace + key) ? 1 : 0;
        }

        return forgotten + ForgetKeyringOnly();
    }

    // Sessions kept in the keyring alone are listed in one more keyring entry, so clear and lock reach them.
    private void AddToKeyringOnly(string key)
    {
        var keys = KeyringOnly();
        if (!keys.Contains(key))
        {
            keys.Add(key);
            var payload = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', keys));
            _keyring.Put(_namespace + "keyring-only", payload, _maxLifetime);
        }
    }

    private List<string> KeyringOnly()
    {
        if (_keyring.TryGet(_namespace + "keyring-only") is not { } payload)
        {
            return [];
        }

        var text = System.Text.Encoding.UTF8.GetString(payload);
        Array.Clear(payload);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private int ForgetKeyringOnly()
    {
        var forgotten = 0;
        foreach (var key in KeyringOnly())
        {
            forgotten += _keyring.Remove(_namespace + key) ? 1 : 0;
        }

        _keyring.Remove(_namespace + "keyring-only");
        return forgotten;
    }

    private void Remember(string key, AwsCredentials credentials)
    {
        if (credentials.Expiration is not { } expiration)
        {
            return;
        }

        var lifetime = expiration - _time.GetUtcNow();
        if (lifetime > _maxLifetime)
        {
            lifetime = _maxLifetime;
        }

        var payload = CredentialsPayload.Write(credentials);
        _keyring.Put(_namespace + key, payload, lifetime);
        Array.Clear(payload);
    }
}
