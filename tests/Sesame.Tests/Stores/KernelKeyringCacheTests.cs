using Sesame.Core.Stores.Unlock;

namespace Sesame.Tests.Stores;

/// <summary>The real kernel keyring (keyutils); entries use a random id and are removed afterwards.</summary>
public sealed class KernelKeyringCacheTests
{
    [Fact]
    public void Put_then_TryGet_returns_the_key_until_Remove()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var cache = new KernelKeyringCache();
        Assert.True(cache.IsAvailable, "the kernel keyring is unavailable: " + KernelKeyringCache.UnavailableReason + " (apt-get install keyutils)");
        var id = "test-" + Guid.NewGuid().ToString("N");
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        try
        {
            Assert.Null(cache.TryGet(id));
            cache.Put(id, key, TimeSpan.FromMinutes(5));
            Assert.Equal(key, cache.TryGet(id));
            Assert.Equal(key, new KernelKeyringCache().TryGet(id));
        }
        finally
        {
            Assert.True(cache.Remove(id));
        }

        Assert.Null(cache.TryGet(id));
        Assert.False(cache.Remove(id));
    }

    [Fact]
    public void An_expired_entry_is_gone()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var cache = new KernelKeyringCache();
        var id = "test-" + Guid.NewGuid().ToString("N");
        cache.Put(id, new byte[32], TimeSpan.FromSeconds(1));
        Assert.NotNull(cache.TryGet(id));
        Thread.Sleep(2100);
        Assert.Null(cache.TryGet(id));
        cache.Remove(id);
    }

    [Fact]
    public void A_zero_lifetime_caches_nothing()
    {
        var cache = new KernelKeyringCache();
        var id = "test-" + Guid.NewGuid().ToString("N");
        cache.Put(id, new byte[32], TimeSpan.Zero);
        Assert.Null(cache.TryGet(id));
    }
}
