using Sesame.Core.Credentials;

namespace Sesame.Core.Stores.Typed;

/// <summary>What <c>keys list</c> shows of a stored key, read from metadata without unlocking.</summary>
/// <param name="Profile">The profile the keys belong to.</param>
/// <param name="MaskedKeyId">The key id masked to its last 4 characters (<c>****ABCD</c>).</param>
/// <param name="Created">When IAM created the key, when known (keys made by <c>keys rotate</c>).</param>
/// <param name="Added">When the key was put in the store.</param>
public sealed record StoredKeyInfo(string Profile, string MaskedKeyId, DateTimeOffset? Created, DateTimeOffset? Added);

/// <summary>
/// Long-term access keys per profile (item <c>keys/&lt;profile&gt;</c>). A profile whose keys are
/// here resolves exactly as if they were in the credentials file; <see cref="Has"/> answers from
/// metadata, so chain planning never unlocks the store.
/// </summary>
public sealed class AccessKeyStore
{
    /// <summary>The key prefix of these items.</summary>
    public const string Prefix = "keys/";

    private readonly ISecretStore _store;
    private readonly TimeProvider _time;
    private Dictionary<string, bool>? _profiles;

    /// <summary>Creates the wrapper.</summary>
    public AccessKeyStore(ISecretStore store, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The keys of <paramref name="profile"/>, or <c>null</c>. May unlock the store.</summary>
    public AwsCredentials? Get(string profile)
    {
        var payload = _store.Get(Prefix + profile);
        if (payload is null)
        {
            return null;
        }

        return CredentialsPayload.Read(payload)
            ?? throw new SecretStoreException(SecretStoreFailure.Corrupted, $"the stored keys of profile '{profile}' are unreadable; add them again with 'sesame keys add {profile}'");
    }

    /// <summary>Stores (or replaces) the keys of a profile.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="keys">Long-term keys (no session token).</param>
    /// <param name="created">When IAM created the key, if known.</param>
    public void Put(string profile, AwsCredentials keys, DateTimeOffset? created = null)
    {
        if (keys.SessionToken is not null)
        {
            throw new ArgumentException("only long-term keys (without a session token) belong in the key store", nameof(keys));
        }

        var metadata = new Dictionary<string, string>
        {
            ["kind"] = "access-key",
            ["profile"] = profile,
            ["key_id"] = CredentialsPayload.Mask(keys.AccessKeyId),
            ["added"] = CredentialsPayload.FormatTime(_time.GetUtcNow()),
        };
        if (created is { } when)
        {
            metadata["created"] = CredentialsPayload.FormatTime(when);
        }

        _store.Set(Prefix + profile, CredentialsPayload.Write(keys), ItemNames.WithinLimits(metadata));
        if (_profiles is not null)
        {
            _profiles[profile] = true;
        }
    }

    /// <summary>Removes the keys of a profile. Returns true when there were some.</summary>
    public bool Remove(string profile)
    {
        if (_profiles is not null)
        {
            _profiles[profile] = false;
        }
        return _store.Remove(Prefix + profile);
    }

    /// <summary>Every stored key, from metadata (no unlock).</summary>
    public IReadOnlyList<StoredKeyInfo> List()
        => [.. _store.List(Prefix).Select(item => new StoredKeyInfo(
            item.Key[Prefix.Length..],
            item.Metadata.GetValueOrDefault("key_id") ?? "****",
            CredentialsPayload.ParseTime(item.Metadata.GetValueOrDefault("created")),
            CredentialsPayload.ParseTime(item.Metadata.GetValueOrDefault("added"))))];

    /// <summary>
    /// True when the store holds keys for <paramref name="profile"/>. Answered without unlocking
    /// (one existence check per profile, remembered by this instance), so it can be passed to the
    /// chain planner as-is.
    /// </summary>
    public bool Has(string profile)
    {
        _profiles ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!_profiles.TryGetValue(profile, out var has))
        {
            // A name no store can hold (control characters) simply has no stored keys.
            has = ItemNames.IsValidKey(Prefix + profile) && _store.Contains(Prefix + profile);
            _profiles[profile] = has;
        }

        return has;
    }
}
