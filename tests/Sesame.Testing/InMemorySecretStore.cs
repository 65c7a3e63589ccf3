using Sesame.Core.Stores;

namespace Sesame.Testing;

/// <summary>A secret store in memory (like 99designs/keyring's ArrayKeyring), with counters so tests can see what was unlocked.</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly SortedDictionary<string, (byte[] Secret, Dictionary<string, string> Metadata)> _items = new(StringComparer.Ordinal);

    public string Backend { get; init; } = "memory";

    /// <summary>How many times a secret was read (an unlock in a real backend).</summary>
    public int Gets { get; private set; }

    /// <summary>When set, every Get throws it (a locked keyring, a wrong passphrase).</summary>
    public Exception? FailGets { get; set; }

    /// <summary>When set, every Set throws it.</summary>
    public Exception? FailSets { get; set; }

    public byte[]? Get(string key)
    {
        Gets++;
        if (FailGets is not null)
        {
            throw FailGets;
        }

        return _items.TryGetValue(key, out var item) ? item.Secret.ToArray() : null;
    }

    public void Set(string key, ReadOnlySpan<byte> secret, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ItemNames.ValidateKey(key);
        ItemNames.ValidateMetadata(metadata);
        if (FailSets is not null)
        {
            throw FailSets;
        }

        _items[key] = (secret.ToArray(), new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()));
    }

    public bool Remove(string key) => _items.Remove(key);

    public IReadOnlyList<SecretItemInfo> List(string? keyPrefix = null)
        => [.. _items.Where(i => keyPrefix is null || i.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            .Select(i => new SecretItemInfo(i.Key, new Dictionary<string, string>(i.Value.Metadata)))];
}
