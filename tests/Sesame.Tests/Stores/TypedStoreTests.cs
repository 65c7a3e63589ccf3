using Sesame.Core.Credentials;
using Sesame.Core.Mfa;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Typed;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

public sealed class SessionCacheTests
{
    private readonly InMemorySecretStore _store = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Put_then_TryGet_round_trips_every_field()
    {
        var cache = new SessionCache(_store, _time);
        var credentials = new AwsCredentials("ASIAEXAMPLE1", "secret/+=", "token==", _time.GetUtcNow().AddHours(1), "123456789012");
        cache.Put("prod|role", credentials, new Dictionary<string, string> { ["profile"] = "prod" });
        Assert.True(cache.TryGet("prod|role", out var read));
        Assert.Equal(credentials, read);
    }

    [Fact]
    public void An_expired_session_is_a_miss()
    {
        var cache = new SessionCache(_store, _time);
        cache.Put("k", new AwsCredentials("ASIA1", "s", "t", _time.GetUtcNow().AddMinutes(10)));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(cache.TryGet("k", out _));
    }

    [Fact]
    public void List_shows_profile_and_expiry_without_reading_any_secret()
    {
        var cache = new SessionCache(_store, _time);
        var expiry = _time.GetUtcNow().AddHours(1);
        cache.Put("a", new AwsCredentials("ASIA1", "s", "t", expiry), new Dictionary<string, string> { ["profile"] = "prod" });
        cache.Put("b", new AwsCredentials("ASIA2", "s", "t", expiry.AddHours(1)));
        var gets = _store.Gets;
        var listed = cache.List();
        Assert.Equal(gets, _store.Gets);
        Assert.Equal(["a", "b"], listed.Select(s => s.CacheKey));
        Assert.Equal("prod", listed[0].Profile);
        Assert.Equal(expiry, listed[0].Expiration);
        Assert.Null(listed[1].Profile);
    }

    [Fact]
    public void Clear_removes_matching_sessions_only_and_leaves_other_items()
    {
        var cache = new SessionCache(_store, _time);
        _store.Set("keys/prod", "k"u8);
        cache.Put("a", new AwsCredentials("ASIA1", "s", "t"), new Dictionary<string, string> { ["profile"] = "prod" });
        cache.Put("b", new AwsCredentials("ASIA2", "s", "t"), new Dictionary<string, string> { ["profile"] = "dev" });
        Assert.Equal(1, cache.Clear(i => i.Metadata.GetValueOrDefault("profile") == "prod"));
        Assert.Equal(["b"], cache.List().Select(s => s.CacheKey));
        Assert.Equal(1, cache.Clear());
        Assert.NotNull(_store.Get("keys/prod"));
        Assert.False(cache.Remove("a"));
    }

    [Fact]
    public void A_corrupted_entry_is_a_miss_and_is_dropped_but_a_locked_store_is_an_error()
    {
        var cache = new SessionCache(_store, _time);
        cache.Put("a", new AwsCredentials("ASIA1", "s", "t"));
        _store.FailGets = new SecretStoreException(SecretStoreFailure.Corrupted, "damaged");
        Assert.False(cache.TryGet("a", out _));
        Assert.Empty(cache.List());
        _store.FailGets = new SecretStoreException(SecretStoreFailure.Locked, "locked");
        Assert.Throws<SecretStoreException>(() => cache.TryGet("a", out _));
    }
}

public sealed class AccessKeyStoreTests
{
    private readonly InMemorySecretStore _store = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Put_Get_and_List_with_masked_key_id_and_created_date()
    {
        var keys = new AccessKeyStore(_store, _time);
        keys.Put("prod", new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        keys.Put("dev", new AwsCredentials("AKIADEVDEVDEV0001234", "devsecret"), new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", keys.Get("prod")!.SecretAccessKey);
        var listed = keys.List();
        Assert.Equal([new StoredKeyInfo("dev", "****1234", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), _time.GetUtcNow()), new StoredKeyInfo("prod", "****MPLE", null, _time.GetUtcNow())], listed);
        Assert.DoesNotContain(_store.List(), i => i.Metadata.Values.Any(v => v.Contains("EXAMPLEKEY", StringComparison.Ordinal) || v.Contains("IOSFODNN7", StringComparison.Ordinal)));
    }

    [Fact]
    public void Has_answers_from_metadata_without_unlocking()
    {
        var keys = new AccessKeyStore(_store, _time);
        keys.Put("prod", new AwsCredentials("AKIA1234", "s"));
        var fresh = new AccessKeyStore(_store, _time);
        Assert.True(fresh.Has("prod"));
        Assert.False(fresh.Has("dev"));
        Assert.Equal(0, _store.Gets);
        fresh.Remove("prod");
        Assert.False(fresh.Has("prod"));
    }

    [Fact]
    public void Temporary_credentials_are_refused()
        => Assert.Throws<ArgumentException>(() => new AccessKeyStore(_store).Put("p", new AwsCredentials("ASIA1", "s", "token")));
}

public sealed class TotpSeedStoreTests
{
    [Fact]
    public void Put_Get_List_keep_parameters_and_metadata_hides_the_seed()
    {
        var store = new InMemorySecretStore();
        var seeds = new TotpSeedStore(store);
        var seed = TotpSeed.Parse("otpauth://totp/AWS:alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&period=60&issuer=AWS");
        seeds.Put("arn:aws:iam::123456789012:mfa/alice", seed);
        var read = seeds.Get("arn:aws:iam::123456789012:mfa/alice")!;
        Assert.Equal(seed.Secret, read.Secret);
        Assert.Equal((TotpAlgorithm.Sha512, 8, 60), (read.Algorithm, read.Digits, read.Period));
        Assert.Equal([new TotpSeedInfo("arn:aws:iam::123456789012:mfa/alice", TotpAlgorithm.Sha512, 8, 60, "AWS")], seeds.List());
        Assert.True(seeds.Has("arn:aws:iam::123456789012:mfa/alice"));
        Assert.DoesNotContain(store.List(), i => i.Metadata.Values.Any(v => v.Contains("JBSWY3DP", StringComparison.Ordinal)));
        Assert.True(seeds.Remove("arn:aws:iam::123456789012:mfa/alice"));
        Assert.Null(seeds.Get("arn:aws:iam::123456789012:mfa/alice"));
    }
}
