namespace Sesame.Core.Stores.Unlock;

/// <summary>
/// Keeps an unlocked store key for a while, so a passphrase is asked at most once per login
/// session and timeout rather than on every <c>credential_process</c> call. A lookup must be cheap
/// (it sits on that hot path).
/// </summary>
public interface IUnlockCache
{
    /// <summary>A short name for <c>sesame backends</c> (for example <c>kernel-keyring</c>).</summary>
    string Name { get; }

    /// <summary>True when this cache can hold keys here; false makes every unlock ask again.</summary>
    bool IsAvailable { get; }

    /// <summary>The key cached under <paramref name="id"/>, or <c>null</c>.</summary>
    byte[]? TryGet(string id);

    /// <summary>Caches a key for <paramref name="lifetime"/>. Failures are ignored (caching is an optimisation).</summary>
    void Put(string id, ReadOnlySpan<byte> key, TimeSpan lifetime);

    /// <summary>Forgets the key. Returns true when one was cached.</summary>
    bool Remove(string id);
}

/// <summary>A cache that keeps nothing (caching switched off, or unsupported on this OS).</summary>
public sealed class NoUnlockCache : IUnlockCache
{
    /// <summary>Creates the cache with the reason it keeps nothing.</summary>
    public NoUnlockCache(string reason) => Reason = reason;

    /// <summary>Why nothing is cached.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public bool IsAvailable => false;

    /// <inheritdoc />
    public byte[]? TryGet(string id) => null;

    /// <inheritdoc />
    public void Put(string id, ReadOnlySpan<byte> key, TimeSpan lifetime)
    {
    }

    /// <inheritdoc />
    public bool Remove(string id) => false;
}
