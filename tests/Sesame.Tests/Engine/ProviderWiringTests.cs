using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Engine;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Engine;

/// <summary>How <see cref="ProviderFactory"/> wires the providers to the services it is given.</summary>
public sealed class ProviderWiringTests : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-wiring");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    private CredentialEngine Engine(string config, ScriptedHttpHandler http, ISsoTokenSource? tokens = null, TestEnvironment? environment = null)
        => new(
            new EngineServices
            {
                Environment = environment ?? new TestEnvironment(),
                FileSystem = PhysicalFileSystem.Instance,
                Time = _time,
                Processes = new ScriptedProcessRunner(_ => throw new InvalidOperationException("no processes expected")),
                Terminal = new TestTerminal(available: false),
                Sts = () => throw new InvalidOperationException("no STS expected"),
                Http = new AwsHttpOptions(MaxAttempts: 1, Handler: http),
                Cache = new MemoryCredentialCache(),
                Locks = new FileLockProvider(_temp.Combine("locks"), TimeProvider.System, NullLog.Instance),
                SsoTokens = tokens ?? SsoTestSessions.CacheOnly(_temp.Path, _time),
            },
            ProfileSet.Build(ConfigFile.Parse("config", ConfigFileKind.Config, config), null));

    [Fact]
    public async Task Sso_profiles_get_their_token_from_the_services_token_source_and_call_the_portal_in_sso_region()
    {
        var tokens = new FixedTokens();
        var portal = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(
            200,
            """{"roleCredentials":{"accessKeyId":"ASIAWIRED","secretAccessKey":"s","sessionToken":"t","expiration":1895003200000}}""",
            ("Content-Type", "application/json")));
        var engine = Engine(
            """
            [profile dev]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Dev
            region = eu-west-1
            [sso-session corp]
            sso_start_url = https://d-1234567890.awsapps.com/start
            sso_region = ap-southeast-2
            """,
            portal,
            tokens);

        var credentials = await engine.ForProfile("dev").Top.GetAsync();

        Assert.Equal("ASIAWIRED", credentials.AccessKeyId);
        var session = tokens.Requests.Single();
        Assert.Equal(("corp", "https://d-1234567890.awsapps.com/start", "ap-southeast-2", "dev"), (session.SessionName, session.StartUrl, session.Region, session.Profile));
        var request = portal.Requests.Single();
        Assert.Equal("portal.sso.ap-southeast-2.amazonaws.com", request.Uri.Host);
        Assert.Equal("wired-token", request.Header("x-amz-sso_bearer_token"));
    }

    [Fact]
    public async Task An_sso_endpoint_override_applies_to_the_portal()
    {
        var portal = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(
            200,
            """{"roleCredentials":{"accessKeyId":"ASIAWIRED","secretAccessKey":"s","sessionToken":"t","expiration":1895003200000}}""",
            ("Content-Type", "application/json")));
        var engine = Engine(
            "[profile dev]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n",
            portal,
            new FixedTokens(),
            new TestEnvironment([new("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:8123")]));

        await engine.ForProfile("dev").Top.GetAsync();

        Assert.Equal("127.0.0.1:8123", portal.Requests.Single().Uri.Authority);
    }

    [Fact]
    public void Credential_sources_are_wrapped_so_that_nothing_found_is_final()
    {
        var chain = Engine("[profile ec2]\nrole_arn = arn:aws:iam::111111111111:role/R\ncredential_source = Ec2InstanceMetadata\n", new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(500))).ForProfile("ec2");

        var source = Assert.IsType<CredentialSourceProvider>(chain.Links[0].Provider);
        Assert.IsType<ImdsProvider>(source.Inner);
    }

    private sealed class FixedTokens : ISsoTokenSource
    {
        public List<SsoSession> Requests { get; } = [];

        public Task<SsoToken> GetTokenAsync(SsoSession request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(new SsoToken("wired-token", DateTimeOffset.MaxValue));
        }
    }
}
