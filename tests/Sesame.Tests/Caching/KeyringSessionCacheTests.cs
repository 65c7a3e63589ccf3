using Sesame.Core.Caching;
using Sesame.Core.Credentials;
using Sesame.Core.Stores.Unlock;
using Sesame.Testing;

namespace Sesame.Tests.Caching;

public sealed class KeyringSessionCacheTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryCredentialCache _store = new();
    private readonly FakeKeyring _keyring = new();

    private KeyringSessionCache Cache(string identity = "file|/data|/store", TimeSpan? max = null)
        => new(_store, _keyring, identity, max ?? TimeSpan.FromHours(8), _time);

    private AwsCredentials Session(TimeSpan validFor) => new("ASIAEXAMPLE", "secret", "token", _time.GetUtcNow() + validFor, "111111111111");

    [Fact]
    public void A_stored_session_is_also_kept_in_the_keyring_for_no_longer_than_it_is_valid()
    {
        Cache().Put("k", Session(TimeSpan.FromHours(1)), "p", "d");
        var entry = Assert.Single(_keyring.Entries);
        Assert.Equal(TimeSpan.FromHours(1), entry.Value.Lifetime);
        Assert.True(_store.TryGet("k", out _));
    }

    [Fact]
    public void Keyring_entries_never_outlive_the_unlock_window()
    {
        Cache(max: TimeSpan.FromMinutes(30)).Put("k", Session(TimeSpan.FromHours(12)), "p", "d");
        Assert.Equal(TimeSpan.FromMinutes(30), Assert.Single(_keyring.Entries).Value.Lifetime);
    }

    [Fact]
    public void A_keyring_hit_does_not_touch_the_store()
    {
        var cache = Cache();
        cache.Put("k", Session(TimeSpan.FromHours(1)), "p", "d");
        _store.Clear();
        Assert.True(cache.TryGet("k", out var credentials));
        Assert.Equal("ASIAEXAMPLE", credentials.AccessKeyId);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(1), cache.PeekExpiration("k"));
    }

    [Fact]
    public void A_store_hit_refills_the_keyring()
    {
        _store.Put("k", Session(TimeSpan.FromMinutes(50)), "p", "d");
        Assert.True(Cache().TryGet("k", out _));
        Assert.Equal(TimeSpan.FromMinutes(50), Assert.Single(_keyring.Entries).Value.Lifetime);
    }

    [Fact]
    public void Two_stores_never_share_keyring_entries()
    {
        Cache("file|/a|/a").Put("k", Session(TimeSpan.FromHours(1)), "p", "d");
        _store.Clear();
        Assert.False(Cache("file|/b|/b").TryGet("k", out _));
    }

    [Fact]
    public void Remove_clear_and_forget_drop_the_keyring_entries()
    {
        var cache = Cache();
        cache.Put("a", Session(TimeSpan.FromHours(1)), "p", "d");
        cache.Put("b", Session(TimeSpan.FromHours(1)), "p", "d");
        cache.Put("c", Session(TimeSpan.FromHours(1)), "p", "d");
        Assert.True(cache.Remove("a"));
        Assert.Equal(2, _keyring.Entries.Count);
        Assert.Equal(2, cache.Forget());
        Assert.Empty(_keyring.Entries);
        Assert.Equal(2, _store.Count);
        cache.Put("d", Session(TimeSpan.FromHours(1)), "p", "d");
        Assert.Equal(3, cache.Clear());
        Assert.Empty(_keyring.Entries);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public void Long_term_credentials_are_never_put_in_the_keyring()
    {
        Cache().Put("k", new AwsCredentials("AKIAEXAMPLE", "secret"), "p", "d");
        Assert.Empty(_keyring.Entries);
    }

    private sealed class FakeKeyring : IUnlockCache
    {
        public Dictionary<string, (byte[] Bytes, TimeSpan Lifetime)> Entries { get; } = [];

        public string Name => "fake";

        public bool IsAvailable => true;

        public byte[]? TryGet(string id) => Entries.TryGetValue(id, out var entry) ? entry.Bytes.ToArray() : null;

        public void Put(string id, ReadOnlySpan<byte> key, TimeSpan lifetime) => Entries[id] = (key.ToArray(), lifetime);

        public bool Remove(string id) => Entries.Remove(id);
    }
}
