using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

/// <summary>
/// Every provider's failure, with secrets in every input it reads, scanned for those secrets: the
/// message and every inner exception's message, the chain's summary of all attempts, and the
/// redacted renderings of credentials and tokens.
/// </summary>
public sealed class ProviderErrorSecretTests : IDisposable
{
    private const string SecretKey = "SECRETwJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLE";
    private const string SessionToken = "SESSIONIQoJb3JpZ2luX2VjEXAMPLETOKEN";
    private const string BearerToken = "BEARERaoaEXAMPLEaccessTOKEN0123456789";
    private static readonly string[] Secrets = [SecretKey, SessionToken, BearerToken];
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("sesame-secrets-scan");
    private readonly ManualTimeProvider _time = new(Now);

    public void Dispose() => _temp.Dispose();

    private static ScriptedHttpHandler Answer(int status, string body) => new((_, _) => ScriptedHttpHandler.Respond(status, body));

    private IEnumerable<(string Name, ICredentialProvider Provider)> FailingProviders()
    {
        var secretsJson = $$"""{"Version": 7, "AccessKeyId": "ASIA", "SecretAccessKey": "{{SecretKey}}", "SessionToken": "{{SessionToken}}", "Token": "{{SessionToken}}", "Code": "Failed{{SecretKey}}"}""";
        yield return ("credential_process", new CredentialProcessProvider("p", $"echo {SecretKey}", null, new ScriptedProcessRunner(_ => new ProcessResult(0, secretsJson, string.Empty, false)), new TestEnvironment(), _time));
        yield return ("credential_process garbage", new CredentialProcessProvider("p", "x", null, new ScriptedProcessRunner(_ => new ProcessResult(0, SecretKey + SessionToken, string.Empty, false)), new TestEnvironment(), _time));

        var container = new TestEnvironment([new(ContainerEndpoint.RelativeUriVariable, "/creds"), new(ContainerProvider.TokenVariable, BearerToken)]);
        yield return ("container", new ContainerProvider(container, PhysicalFileSystem.Instance, new AwsHttpOptions(Handler: Answer(200, $$"""{"AccessKeyId": "A", "SecretAccessKey": "{{SecretKey}}"}""")), _time));
        var containerBadToken = new TestEnvironment([new(ContainerEndpoint.RelativeUriVariable, "/creds"), new(ContainerProvider.TokenVariable, BearerToken + "\n")]);
        yield return ("container token", new ContainerProvider(containerBadToken, PhysicalFileSystem.Instance, new AwsHttpOptions(Handler: Answer(200, "{}")), _time));

        var imds = new ScriptedHttpHandler((request, _) => request.Method == HttpMethod.Put ? ScriptedHttpHandler.Respond(200, BearerToken)
            : request.Uri.AbsolutePath.EndsWith('/') ? ScriptedHttpHandler.Respond(200, "role")
            : ScriptedHttpHandler.Respond(200, secretsJson));
        yield return ("instance metadata", new CredentialSourceProvider("p", CredentialSourceKind.Ec2InstanceMetadata, new ImdsProvider(new TestEnvironment(), null, new AwsHttpOptions(Handler: imds), _time)));

        var token = _temp.Write("web-token", BearerToken);
        var sts = new FailingSts(new AwsServiceException("STS", "AssumeRoleWithWebIdentity", "InvalidIdentityToken", "bad token", 400, retryable: false));
        yield return ("web identity", new WebIdentityProvider("p", "arn:aws:iam::1:role/r", token, null, () => sts, PhysicalFileSystem.Instance, _time));

        _temp.Write(Path.Combine(".aws", "sso", "cache", SsoTokenCache.FileName("s")), $$"""{"accessToken": "{{BearerToken}}", "expiresAt": "2020-01-01T00:00:00Z", "refreshToken": "{{SessionToken}}"}""");
        var tokens = SsoTestSessions.CacheOnly(_temp.Path, _time);
        yield return ("sso", new SsoRoleProvider(new SsoSource("p", SsoTestSessions.Named("s", "https://x.awsapps.com/start", "us-east-1", "p"), "1", "r", new SourceLocation("c", 1)), tokens, () => throw new InvalidOperationException()));

        yield return ("environment", new EnvironmentProvider(new TestEnvironment([new("AWS_SECRET_ACCESS_KEY", SecretKey), new("AWS_SESSION_TOKEN", SessionToken)]), _time));
    }

    [Fact]
    public async Task No_provider_error_contains_a_secret_value()
    {
        var checkedProviders = 0;
        foreach (var (name, provider) in FailingProviders())
        {
            var error = await Assert.ThrowsAnyAsync<CredentialsException>(() => provider.GetAsync());
            var text = string.Join(" <- ", Messages(error));
            Assert.False(string.IsNullOrWhiteSpace(text), name);
            var leak = Record.Exception(() => SecretScan.AssertNoSecrets(text, Secrets));
            Assert.True(leak is null, $"{name}: {leak?.Message}");
            checkedProviders++;
        }

        Assert.Equal(8, checkedProviders);
    }

    [Fact]
    public async Task The_chains_summary_of_every_attempt_contains_no_secret()
    {
        var environment = new TestEnvironment([new("AWS_SECRET_ACCESS_KEY", SecretKey), new("AWS_EC2_METADATA_DISABLED", "true")]);
        var chain = new ChainProvider("default", [new ContainerProvider(environment, PhysicalFileSystem.Instance, new AwsHttpOptions(), _time), new ImdsProvider(environment, null, new AwsHttpOptions(), _time)]);

        var error = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => chain.GetAsync());

        SecretScan.AssertNoSecrets(error.Message, Secrets);
    }

    [Fact]
    public void Credentials_and_tokens_render_redacted()
    {
        var rendered = new AwsCredentials("ASIA", SecretKey, SessionToken, Now).ToString()
            + new SsoToken(BearerToken, Now, SessionToken, "client", SecretKey).ToString();

        SecretScan.AssertNoSecrets(rendered, Secrets);
    }

    private static IEnumerable<string> Messages(Exception error)
    {
        for (var e = (Exception?)error; e is not null; e = e.InnerException)
        {
            yield return e.Message;
        }
    }

    private sealed class FailingSts(AwsServiceException failure) : IStsClient
    {
        public Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken) => Task.FromException<StsResult>(failure);

        public Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken) => Task.FromException<StsResult>(failure);

        public Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken) => Task.FromException<StsResult>(failure);

        public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken) => Task.FromException<CallerIdentity>(failure);
    }
}
