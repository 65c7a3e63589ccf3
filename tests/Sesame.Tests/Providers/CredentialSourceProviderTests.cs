using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Providers;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

public sealed class CredentialSourceProviderTests
{
    [Fact]
    public async Task Nothing_found_in_a_named_credential_source_is_an_error_that_stops_a_chain()
    {
        var source = new CredentialSourceProvider("A", CredentialSourceKind.Environment, new EnvironmentProvider(new TestEnvironment(), TimeProvider.System));
        var fallback = new StaticCredentialsProvider("never", new AwsCredentials("AKIANEVER", "never-used"));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => new ChainProvider("chain", [source, fallback]).GetAsync());

        Assert.IsNotType<CredentialsNotFoundException>(error);
        Assert.Equal("profile 'A': no credentials found in credential_source = Environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set", error.Message);
    }

    [Fact]
    public async Task Credentials_from_the_source_pass_through()
    {
        var environment = new TestEnvironment([new("AWS_ACCESS_KEY_ID", "AKIAENV"), new("AWS_SECRET_ACCESS_KEY", "env-secret")]);
        var source = new CredentialSourceProvider("A", CredentialSourceKind.Environment, new EnvironmentProvider(environment, TimeProvider.System));

        Assert.Equal("AKIAENV", (await source.GetAsync()).AccessKeyId);
        Assert.Equal("environment", source.Name);
    }
}
