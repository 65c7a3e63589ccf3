using Sesame.Core.Stores.Unlock;

namespace Sesame.Testing;

/// <summary>An in-memory unlock cache (the kernel keyring has its own test).</summary>
public sealed class TestUnlockCache : IUnlockCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public string Name => "test";

    public bool IsAvailable => true;

    public int Count => _keys.Count;

    public TimeSpan? LastLifetime { get; private set; }

    public byte[]? TryGet(string id) => _keys.TryGetValue(id, out var key) ? key.ToArray() : null;

    public void Put(string id, ReadOnlySpan<byte> key, TimeSpan lifetime)
    {
        LastLifetime = lifetime;
        if (lifetime > TimeSpan.Zero)
        {
            _keys[id] = key.ToArray();
        }
    }

    public bool Remove(string id) => _keys.TryRemove(id, out _);

    public void Corrupt(string id) => _keys[id] = new byte[32];

    /// <summary>The ids of every entry.</summary>
    public IReadOnlyCollection<string> Ids => [.. _keys.Keys];
}
