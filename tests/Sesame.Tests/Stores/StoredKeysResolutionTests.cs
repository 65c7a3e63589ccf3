using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Stores.Typed;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

/// <summary>A profile whose keys are in the store resolves as if they were in the credentials file, decided from metadata only.</summary>
public sealed class StoredKeysResolutionTests
{
    [Fact]
    public void A_role_chain_sources_from_stored_keys_without_unlocking_the_store()
    {
        var config = ConfigFile.Parse("/config", ConfigFileKind.Config, "[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = base\n\n[profile base]\nregion = eu-west-1\n");
        var profiles = ProfileSet.Build(config, null);
        var store = new InMemorySecretStore();
        new AccessKeyStore(store).Put("base", new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "secret"));
        var gets = store.Gets;

        var keys = new AccessKeyStore(store);
        var plan = ChainPlanner.Plan(profiles, "prod", keys.Has);

        Assert.Equal(new StoredKeysSource("base"), plan.Base);
        Assert.Single(plan.Roles);
        Assert.Equal(gets, store.Gets);
    }

    [Fact]
    public void Stored_keys_win_over_plaintext_keys_of_the_same_profile()
    {
        var credentials = ConfigFile.Parse("/credentials", ConfigFileKind.Credentials, "[base]\naws_access_key_id = AKIAOLDOLDOLDOLD1234\naws_secret_access_key = old\n");
        var profiles = ProfileSet.Build(null, credentials);
        var store = new InMemorySecretStore();
        new AccessKeyStore(store).Put("base", new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "secret"));
        Assert.Equal(new StoredKeysSource("base"), ChainPlanner.Plan(profiles, "base", new AccessKeyStore(store).Has).Base);
        Assert.IsNotType<StoredKeysSource>(ChainPlanner.Plan(profiles, "base", new AccessKeyStore(new InMemorySecretStore()).Has).Base);
    }
}
