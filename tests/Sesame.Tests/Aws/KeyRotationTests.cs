using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Typed;
using Sesame.Testing;

namespace Sesame.Tests.Aws;

/// <summary>Key rotation end to end against moto with IAM authentication on, including injected failures.</summary>
public sealed class KeyRotationTests(MotoFixture moto) : IClassFixture<MotoFixture>, IDisposable
{
    private readonly List<string> _progress = [];
    private AccessKeyStore? _keys;

    // Whatever key a test leaves in its store works (that is the point); the next test starts from it.
    public void Dispose() => Current = _keys?.Get("prod") ?? Current;

    [Fact]
    public async Task Rotate_replaces_the_stored_key_the_new_one_works_and_the_old_one_is_dead()
    {
        var (store, keys, iam, sts) = await Arrange();
        var old = keys.Get("prod")!;

        var result = await Rotator(keys, iam, sts).RotateAsync("prod");

        var fresh = keys.Get("prod")!;
        Assert.NotEqual(old.AccessKeyId, fresh.AccessKeyId);
        Assert.Equal("arn:aws:iam::123456789012:user/alice", (await sts.GetCallerIdentityAsync(fresh)).Arn);
        var dead = await Assert.ThrowsAsync<AwsServiceException>(() => sts.GetCallerIdentityAsync(old));
        Assert.Equal("InvalidClientTokenId", dead.ErrorCode);
        Assert.Equal(CredentialsPayload.Mask(fresh.AccessKeyId), result.NewKey);
        Assert.Equal(CredentialsPayload.Mask(fresh.AccessKeyId), Assert.Single(keys.List()).MaskedKeyId);
        Assert.DoesNotContain(_progress, line => line.Contains(fresh.SecretAccessKey, StringComparison.Ordinal) || line.Contains(old.SecretAccessKey, StringComparison.Ordinal) || line.Contains(fresh.AccessKeyId, StringComparison.Ordinal));
        Assert.Equal([fresh.AccessKeyId], (await iam.ListAccessKeysAsync(fresh, "alice")).Select(k => k.AccessKeyId));
        Assert.NotNull(store);
    }

    [Fact]
    public async Task A_store_failure_after_creation_deletes_the_new_key_and_keeps_the_old_one_working()
    {
        var (store, keys, iam, sts) = await Arrange();
        var old = keys.Get("prod")!;
        store.FailSets = new SecretStoreException(SecretStoreFailure.Locked, "the keyring is locked (injected)");

        var error = await Assert.ThrowsAsync<SesameException>(() => Rotator(keys, iam, sts).RotateAsync("prod"));

        Assert.Equal(ExitCodes.SecretStoreError, error.ExitCode);
        Assert.Contains("old key", error.Message, StringComparison.Ordinal);
        Assert.Contains("deleted again", error.Message, StringComparison.Ordinal);
        Assert.Equal(old, keys.Get("prod"));
        Assert.Equal("arn:aws:iam::123456789012:user/alice", (await sts.GetCallerIdentityAsync(old)).Arn);
        Assert.Equal([old.AccessKeyId], (await iam.ListAccessKeysAsync(old, "alice")).Select(k => k.AccessKeyId));
    }

    [Fact]
    public async Task A_verification_failure_after_creation_deletes_the_new_key_and_keeps_the_old_one_working()
    {
        var (_, keys, iam, sts) = await Arrange();
        var old = keys.Get("prod")!;
        var failing = new FailNewKeySts(sts, old.AccessKeyId);

        var error = await Assert.ThrowsAsync<SesameException>(() => Rotator(keys, iam, failing).RotateAsync("prod"));

        Assert.Contains("unchanged", error.Message, StringComparison.Ordinal);
        Assert.Equal(old, keys.Get("prod"));
        Assert.Equal("arn:aws:iam::123456789012:user/alice", (await sts.GetCallerIdentityAsync(old)).Arn);
        Assert.Equal([old.AccessKeyId], (await iam.ListAccessKeysAsync(old, "alice")).Select(k => k.AccessKeyId));
    }

    [Fact]
    public async Task A_profile_without_stored_keys_is_a_config_error()
    {
        var (_, keys, iam, sts) = await Arrange();
        var error = await Assert.ThrowsAsync<SesameException>(() => Rotator(keys, iam, sts).RotateAsync("nokeys"));
        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.Contains("sesame keys import nokeys", error.Message, StringComparison.Ordinal);
    }

    private KeyRotator Rotator(AccessKeyStore keys, IIamClient iam, IStsIdentityClient sts)
        => new(keys, iam, sts, TimeProvider.System, _progress.Add) { VerifyTimeout = TimeSpan.FromSeconds(2) };

    // Each test starts from one working key: rotations of other tests replaced the seeded one,
    // so a fresh key is made (with a key that still works) and every other key is deleted.
    private async Task<(InMemorySecretStore Store, AccessKeyStore Keys, IamClient Iam, StsIdentityClient Sts)> Arrange()
    {
        await Gate.WaitAsync();
        try
        {
            var environment = moto.Environment_();
            var aws = new AwsSettings(environment, Sesame.Core.Config.ProfileSet.Empty, null);
            var iam = new IamClient(aws.QueryEndpointFor(AwsService.Iam), TimeProvider.System);
            var sts = new StsIdentityClient(aws.QueryEndpointFor(AwsService.Sts), TimeProvider.System);
            var working = Current ?? moto.UserKey;
            var created = await iam.CreateAccessKeyAsync(working, "alice");
            foreach (var key in await iam.ListAccessKeysAsync(created.Credentials, "alice"))
            {
                if (key.AccessKeyId != created.Credentials.AccessKeyId)
                {
                    await iam.DeleteAccessKeyAsync(created.Credentials, "alice", key.AccessKeyId);
                }
            }

            Current = created.Credentials;
            var store = new InMemorySecretStore();
            var keys = new AccessKeyStore(store);
            keys.Put("prod", created.Credentials);
            _keys = keys;
            return (store, keys, iam, sts);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static AwsCredentials? Current { get; set; }

    private sealed class FailNewKeySts(IStsIdentityClient inner, string oldKeyId) : IStsIdentityClient
    {
        public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken = default)
            => credentials.AccessKeyId == oldKeyId
                ? inner.GetCallerIdentityAsync(credentials, cancellationToken)
                : throw new AwsServiceException("STS", "GetCallerIdentity", "InvalidClientTokenId", "injected: the new key is not valid yet", 403, retryable: false);
    }
}
