using Sesame.Core.Credentials;

namespace Sesame.Core.Stores.Typed;

/// <summary>A cached session as listings show it (from metadata, without unlocking).</summary>
/// <param name="CacheKey">The key the credential engine cached it under.</param>
/// <param name="Profile">The profile it was obtained for, when recorded.</param>
/// <param name="Expiration">When it expires, when recorded.</param>
/// <param name="Metadata">Every metadata entry.</param>
public sealed record CachedSessionInfo(string CacheKey, string? Profile, DateTimeOffset? Expiration, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Temporary credentials cached per cache key (item <c>session/&lt;key&gt;</c>). Expiry and profile
/// are kept in metadata so listings and <c>clear</c> never unlock. Reading an expired or damaged
/// entry is a miss: sessions can always be obtained again.
/// </summary>
public sealed class SessionCache
{
    /// <summary>The key prefix of these items.</summary>
    public const string Prefix = "session/";

    /// <summary>Metadata name of the profile.</summary>
    public const string ProfileMetadata = "profile";

    /// <summary>Metadata name of the expiry (ISO 8601 UTC).</summary>
    public const string ExpiresMetadata = "expires";

    private readonly ISecretStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache.</summary>
    public SessionCache(ISecretStore store, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The cached credentials, when present and not yet expired. Refresh windows are the caller's
    /// business (<see cref="AwsCredentials.ExpiresWithin"/>). May unlock the store.
    /// </summary>
    public bool TryGet(string cacheKey, out AwsCredentials credentials)
    {
        credentials = null!;
        byte[]? payload;
        try
        {
            payload = _store.Get(Prefix + cacheKey);
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.Corrupted)
        {
            _store.Remove(Prefix + cacheKey);
            return false;
        }

        if (payload is null || CredentialsPayload.Read(payload) is not { } read)
        {
            return false;
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(payload);
        if (read.Expiration is { } expiration && expiration <= _time.GetUtcNow())
        {
            return false;
        }

        credentials = read;
        return true;
    }

    /// <summary>Caches credentials; their expiry goes into metadata beside <paramref name="metadata"/> (put <c>profile</c> there).</summary>
    public void Put(string cacheKey, AwsCredentials credentials, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = "session" };
        if (metadata is not null)
        {
            foreach (var (name, value) in metadata)
            {
                all[name] = value;
            }
        }

        if (credentials.Expiration is { } expiration)
        {
            all[ExpiresMetadata] = CredentialsPayload.FormatTime(expiration);
        }

        _store.Set(Prefix + cacheKey, CredentialsPayload.Write(credentials), ItemNames.WithinLimits(all));
    }

    /// <summary>Drops one entry. Returns true when it existed.</summary>
    public bool Remove(string cacheKey) => _store.Remove(Prefix + cacheKey);

    /// <summary>Drops every entry matching <paramref name="where"/> (all when <c>null</c>); returns how many.</summary>
    public int Clear(Func<SecretItemInfo, bool>? where = null)
    {
        var removed = 0;
        foreach (var item in _store.List(Prefix))
        {
            if ((where is null || where(item)) && _store.Remove(item.Key))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Every cached session, from metadata (no unlock).</summary>
    public IReadOnlyList<CachedSessionInfo> List()
        => [.. _store.List(Prefix).Select(item => new CachedSessionInfo(
            item.Key[Prefix.Length..],
            item.Metadata.GetValueOrDefault(ProfileMetadata),
            CredentialsPayload.ParseTime(item.Metadata.GetValueOrDefault(ExpiresMetadata)),
            item.Metadata))];
}
