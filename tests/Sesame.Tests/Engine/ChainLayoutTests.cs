using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Engine;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Testing;

namespace Sesame.Tests.Engine;

/// <summary>One layout for both lanes: the provider chain and the cache-hit lane cannot drift apart.</summary>
public sealed class ChainLayoutTests : IDisposable
{
    private const string Config = """
        [profile keys-role]
        role_arn = arn:aws:iam::111111111111:role/A
        source_profile = user
        [profile keys-mfa-role]
        role_arn = arn:aws:iam::111111111111:role/A
        source_profile = user
        mfa_serial = arn:aws:iam::111111111111:mfa/alice
        [profile keys-mfa]
        aws_access_key_id = AKIAMFAUSER
        aws_secret_access_key = s
        mfa_serial = arn:aws:iam::111111111111:mfa/alice
        [profile stored-role]
        role_arn = arn:aws:iam::111111111111:role/S
        source_profile = stored
        [profile stored]
        region = eu-west-1
        [profile process-role]
        role_arn = arn:aws:iam::111111111111:role/P
        source_profile = process
        [profile process]
        credential_process = /bin/true
        [profile sso]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Dev
        [profile sso-role]
        role_arn = arn:aws:iam::222222222222:role/FromSso
        source_profile = sso
        [sso-session corp]
        sso_start_url = https://d-1234567890.awsapps.com/start
        sso_region = eu-west-1
        [profile web]
        web_identity_token_file = /tmp/token
        role_arn = arn:aws:iam::111111111111:role/Web
        [profile web-role]
        role_arn = arn:aws:iam::222222222222:role/FromWeb
        source_profile = web
        [profile env-role]
        role_arn = arn:aws:iam::111111111111:role/E
        credential_source = Environment
        [profile imds-role]
        role_arn = arn:aws:iam::111111111111:role/I
        credential_source = Ec2InstanceMetadata
        [profile ecs-role]
        role_arn = arn:aws:iam::111111111111:role/C
        credential_source = EcsContainer
        [profile short]
        role_arn = arn:aws:iam::111111111111:role/Short
        source_profile = user
        duration_seconds = 900
        [profile chain]
        role_arn = arn:aws:iam::333333333333:role/C
        source_profile = keys-mfa-role
        [profile saml]
        sesame_saml_url = https://adfs.example.com
        sesame_saml_username = EXAMPLE\alice
        sesame_saml_role_arn = arn:aws:iam::111111111111:role/Saml
        credential_process = sesame credential-process saml
        [profile saml-short]
        sesame_saml_url = https://adfs.example.com
        sesame_saml_username = example\ALICE
        sesame_saml_role_arn = arn:aws:iam::111111111111:role/Saml
        sesame_saml_duration = 900
        [profile saml-role]
        role_arn = arn:aws:iam::222222222222:role/FromSaml
        source_profile = saml
        """;

    private readonly TempDirectory _temp = new("sesame-layout");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryCredentialCache _cache = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Profiles() =>
    [
        "keys-role", "keys-mfa-role", "keys-mfa", "stored-role", "process-role", "sso", "sso-role", "web", "web-role",
        "env-role", "imds-role", "ecs-role", "short", "chain", "user", "process", "saml", "saml-role",
    ];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void For_every_base_kind_the_layouts_top_key_is_the_built_chains_top_key(string profile)
    {
        var engine = Engine();
        var layout = engine.Layout(profile);
        var chain = engine.Build(layout);

        Assert.Equal(layout.Links.Count, chain.Links.Count);
        if (layout.Top.CacheKey is { } key)
        {
            var top = Assert.IsType<CachingProvider>(chain.Top);
            Assert.Equal(key, top.Key);
        }
        else
        {
            Assert.IsNotType<CachingProvider>(chain.Top);
        }

        for (var i = 0; i < layout.Links.Count; i++)
        {
            Assert.Same(layout.Links[i], chain.Links[i].Layout);
        }
    }

    [Fact]
    public void The_mfa_session_is_a_link_of_its_own_and_the_role_behind_it_sends_no_code()
    {
        var layout = Engine().Layout("chain");

        Assert.Equal([LinkKind.Base, LinkKind.MfaSession, LinkKind.Role, LinkKind.Role], layout.Links.Select(l => l.Kind));
        Assert.Equal("arn:aws:iam::111111111111:mfa/alice", layout.Links[1].MfaSerial);
        Assert.Null(layout.Links[2].MfaSerial);
        Assert.False(layout.Links[0].IsCached);
        Assert.All(layout.Links.Skip(1), l => Assert.True(l.IsCached));
    }

    [Fact]
    public void A_900_second_role_gets_a_window_of_a_third_of_its_lifetime_and_is_served_from_cache()
    {
        var engine = Engine();
        var layout = engine.Layout("short");
        Assert.Equal(TimeSpan.FromMinutes(5), layout.Top.RefreshWindow);
        Assert.Equal(TimeSpan.FromMinutes(15), engine.Layout("keys-role").Top.RefreshWindow);

        // Just fetched: 15 minutes left, more than the window.
        _cache.Put(layout.Top.CacheKey!, new AwsCredentials("ASIASHORT", "s", "t", _time.GetUtcNow().AddSeconds(900)), "short", "test");
        Assert.True(engine.TryGetCached(layout, out var cached));
        Assert.Equal("ASIASHORT", cached.AccessKeyId);

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.False(engine.TryGetCached(layout, out _));
    }

    [Fact]
    public void Freshness_never_lets_the_window_reach_the_lifetime()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), Freshness.WindowFor(TimeSpan.FromMinutes(15), null));
        Assert.Equal(TimeSpan.FromMinutes(15), Freshness.WindowFor(TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(5), Freshness.WindowFor(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)));
        Assert.Equal(TimeSpan.FromMinutes(20), Freshness.WindowFor(TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
        Assert.False(Freshness.IsFresh(null, _time.GetUtcNow(), TimeSpan.Zero));
        Assert.False(Freshness.IsFresh(_time.GetUtcNow().AddMinutes(5), _time.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.True(Freshness.IsFresh(_time.GetUtcNow().AddMinutes(6), _time.GetUtcNow(), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Building_a_layout_reuses_its_plan_and_settings_instead_of_planning_again()
    {
        var engine = Engine();
        var layout = engine.Layout("chain");

        var chain = engine.Build(layout);

        Assert.Same(layout, chain.Layout);
        Assert.Same(layout.Plan, chain.Plan);
        Assert.Same(layout.Settings, chain.Settings);
    }

    [Fact]
    public void A_SAML_base_is_a_cached_link_keyed_by_IdP_user_role_and_duration_even_with_its_own_credential_process()
    {
        var engine = Engine();
        var saml = engine.Layout("saml");
        var chained = engine.Layout("saml-role");
        var shorter = engine.Layout("saml-short");

        Assert.IsType<Sesame.Core.Config.Chain.SamlSource>(saml.Plan.Base);
        Assert.True(saml.Top.IsCached);
        Assert.Equal(saml.Top.Key, chained.Links[0].Key);
        Assert.Equal([LinkKind.Base, LinkKind.Role], chained.Links.Select(l => l.Kind));

        // The duration is part of the key, and sets the refresh window (a third of 900 s).
        Assert.NotEqual(saml.Top.Key, shorter.Top.Key);
        Assert.Equal(TimeSpan.FromMinutes(5), shorter.Top.RefreshWindow);
        Assert.Equal(TimeSpan.FromMinutes(15), saml.Top.RefreshWindow);
    }

    private CredentialEngine Engine() => new(Services(), Profiles_());

    private static ProfileSet Profiles_() => ProfileSet.Build(
        ConfigFile.Parse("config", ConfigFileKind.Config, Config),
        ConfigFile.Parse("credentials", ConfigFileKind.Credentials, "[user]\naws_access_key_id = AKIAUSER\naws_secret_access_key = s3cr3t\n"));

    private EngineServices Services() => new()
    {
        Environment = new TestEnvironment([new("AWS_ACCESS_KEY_ID", "AKIAENV"), new("AWS_SECRET_ACCESS_KEY", "s")]),
        FileSystem = PhysicalFileSystem.Instance,
        Time = _time,
        Processes = new ScriptedProcessRunner(_ => throw new InvalidOperationException("no processes expected")),
        Terminal = new TestTerminal(available: false),
        Sts = () => new FakeSts(_time),
        Cache = _cache,
        Locks = new FileLockProvider(_temp.Combine("locks"), TimeProvider.System, NullLog.Instance),
        StoredKeys = new OneStoredKey("stored"),
        SsoTokens = SsoTestSessions.CacheOnly(_temp.Path, _time),
        SamlSignIn = _ => new Sesame.Core.Saml.SamlSignIn(new Sesame.Core.Saml.SamlSignInServices
        {
            Time = _time,
            Passwords = new Sesame.Tests.Saml.ListPasswords(),
            MfaCodes = new Sesame.Tests.Saml.ListCodes(),
        }),
    };

    private sealed class OneStoredKey(string profile) : IStoredKeys
    {
        public bool Has(string name) => name == profile;

        public string? AccessKeyId(string name) => name == profile ? "****KEY1@2026-01-01" : null;

        public AwsCredentials Get(string name) => new("AKIASTORED", "s");
    }
}
