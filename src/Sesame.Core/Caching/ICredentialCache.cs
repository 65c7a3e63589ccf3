using Sesame.Core.Credentials;

namespace Sesame.Core.Caching;

/// <summary>
/// Where temporary credentials are kept between runs: in the secret store, never in plaintext.
/// Keys are opaque hashes of everything that determines the credentials (<see cref="CacheKeys"/>).
/// </summary>
public interface ICredentialCache
{
    /// <summary>The cached credentials for <paramref name="key"/>, if any (expired ones included; the caller decides).</summary>
    bool TryGet(string key, out AwsCredentials credentials);

    /// <summary>Stores credentials; <paramref name="profile"/> and <paramref name="description"/> are kept as metadata for listings.</summary>
    void Put(string key, AwsCredentials credentials, string profile, string description);

    /// <summary>Removes one entry.</summary>
    bool Remove(string key);

    /// <summary>When the entry expires, read from metadata without unlocking the store; <c>null</c> when there is no entry.</summary>
    DateTimeOffset? PeekExpiration(string key);

    /// <summary>Removes every entry; returns how many.</summary>
    int Clear();

    /// <summary>The keys of every entry, from metadata (no unlock).</summary>
    IReadOnlyList<string> Keys();
}

/// <summary>An in-process cache (tests, and <c>--no-cache</c>).</summary>
public sealed class MemoryCredentialCache : ICredentialCache
{
    private readonly Dictionary<string, (AwsCredentials Credentials, string Profile)> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of entries.</summary>
    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool TryGet(string key, out AwsCredentials credentials)
    {
        lock (_entries)
        {
            var found = _entries.TryGetValue(key, out var entry);
            credentials = entry.Credentials;
            return found;
        }
    }

    /// <inheritdoc />
    public void Put(string key, AwsCredentials credentials, string profile, string description)
    {
        lock (_entries)
        {
            _entries[key] = (credentials, profile);
        }
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        lock (_entries)
        {
            return _entries.Remove(key);
        }
    }

    /// <inheritdoc />
    public DateTimeOffset? PeekExpiration(string key)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Credentials.Expiration : null;
        }
    }

    /// <inheritdoc />
    public int Clear()
    {
        lock (_entries)
        {
            var count = _entries.Count;
            _entries.Clear();
            return count;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Keys()
    {
        lock (_entries)
        {
            return [.. _entries.Keys];
        }
    }
}
