namespace Sesame.Core.Stores;

/// <summary>
/// A place to keep secrets (long-term keys, TOTP seeds, cached sessions, SSO tokens): the OS
/// keyring, <c>pass</c>, or Sesame's encrypted file. Items are opaque bytes under a string key;
/// non-secret metadata (expiry, creation time, a masked key id) can be read without unlocking, so
/// listings and expiry checks never prompt. Typed wrappers sit on top (see Stores/Typed).
/// </summary>
public interface ISecretStore
{
    /// <summary>The backend's name, as <c>sesame backends</c> shows it (for example <c>file</c>, <c>pass</c>, <c>secret-service</c>).</summary>
    string Backend { get; }

    /// <summary>The secret stored under <paramref name="key"/>, or <c>null</c>. May unlock the store.</summary>
    byte[]? Get(string key);

    /// <summary>Stores (or replaces) a secret with its metadata. May unlock the store.</summary>
    void Set(string key, ReadOnlySpan<byte> secret, IReadOnlyDictionary<string, string>? metadata = null);

    /// <summary>Removes an item. Returns true when something was removed.</summary>
    bool Remove(string key);

    /// <summary>Every item's key and metadata, without unlocking the store.</summary>
    IReadOnlyList<SecretItemInfo> List(string? keyPrefix = null);

    /// <summary>
    /// True when an item exists under exactly <paramref name="key"/>, without unlocking. Backends
    /// that can answer more cheaply than a listing (one file to look for) override it: the engine
    /// asks this on every credential request.
    /// </summary>
    bool Contains(string key)
    {
        foreach (var item in List(key))
        {
            if (item.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when items can be read and written now without asking anyone (an unlocked store, a
    /// passphrase given through the environment, a backend unlocked by the desktop). The session
    /// cache uses this so that a locked store never turns every credential request into a prompt
    /// or a warning; a store that can only be opened by asking says false.
    /// </summary>
    bool IsReadyWithoutAsking => true;
}

/// <summary>An item's key and its non-secret metadata.</summary>
public sealed record SecretItemInfo(string Key, IReadOnlyDictionary<string, string> Metadata);
