using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Engine;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Engine;

public sealed class ProviderFactoryTests : IDisposable
{
    private const string Config = """
        [profile a]
        role_arn = arn:aws:iam::111111111111:role/A
        source_profile = user
        mfa_serial = arn:aws:iam::111111111111:mfa/alice
        [profile b]
        role_arn = arn:aws:iam::222222222222:role/B
        source_profile = a
        [profile c]
        role_arn = arn:aws:iam::333333333333:role/C
        source_profile = b
        role_session_name = carol
        [profile other]
        role_arn = arn:aws:iam::444444444444:role/Other
        source_profile = user
        mfa_serial = arn:aws:iam::111111111111:mfa/alice
        """;

    private readonly TempDirectory _temp = new("sesame-engine");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryCredentialCache _cache = new();
    private readonly TestTerminal _terminal = new(true);
    private readonly TestEnvironment _environment = new();
    private readonly FakeSts _sts;

    public ProviderFactoryTests() => _sts = new FakeSts(_time);

    public void Dispose() => _temp.Dispose();

    private CredentialEngine Engine(string config = Config, string? mfaToken = null) => new(
        new EngineServices
        {
            Environment = _environment,
            FileSystem = PhysicalFileSystem.Instance,
            Time = _time,
            Processes = new ScriptedProcessRunner(_ => throw new InvalidOperationException("no processes expected")),
            Terminal = _terminal,
            Sts = () => _sts,
            Cache = _cache,
            Locks = new FileLockProvider(_temp.Combine("locks"), TimeProvider.System, NullLog.Instance),
            MfaToken = mfaToken,
            SsoTokens = SsoTestSessions.CacheOnly(_temp.Path, _time),
        },
        ProfileSet.Build(
            ConfigFile.Parse("config", ConfigFileKind.Config, config),
            ConfigFile.Parse("credentials", ConfigFileKind.Credentials, "[user]\naws_access_key_id = AKIAUSER\naws_secret_access_key = s3cr3t\n")));

    [Fact]
    public async Task Three_role_chain_from_mfa_keys_costs_one_session_token_and_three_assume_roles_cold_and_nothing_warm()
    {
        _terminal.Answer("123456");
        var chain = Engine().ForProfile("c");
        Assert.Equal(["static keys user", "GetSessionToken with MFA arn:aws:iam::111111111111:mfa/alice", "AssumeRole arn:aws:iam::111111111111:role/A", "AssumeRole arn:aws:iam::222222222222:role/B", "AssumeRole arn:aws:iam::333333333333:role/C"], chain.Links.Select(l => l.Description));

        var credentials = await chain.Top.GetAsync();
        Assert.Equal(1, _sts.Count("GetSessionToken"));
        Assert.Equal(3, _sts.Count("AssumeRole"));
        Assert.Equal(("arn:aws:iam::111111111111:mfa/alice", "123456"), _sts.SessionTokens.Single());
        Assert.All(_sts.AssumeRoles, r => Assert.Null(r.TokenCode));
        Assert.Equal("carol", _sts.AssumeRoles[^1].RoleSessionName);
        Assert.Single(_terminal.Prompts);

        var again = await Engine().ForProfile("c").Top.GetAsync();
        Assert.Equal(credentials, again);
        Assert.Equal(4, _sts.Calls.Count);
    }

    [Fact]
    public async Task Roles_sharing_one_mfa_device_cost_one_prompt()
    {
        _terminal.Answer("123456");
        await Engine().ForProfile("a").Top.GetAsync();
        await Engine().ForProfile("other").Top.GetAsync();
        Assert.Single(_terminal.Prompts);
        Assert.Equal(1, _sts.Count("GetSessionToken"));
        Assert.Equal(2, _sts.Count("AssumeRole"));
    }

    [Fact]
    public async Task Without_the_mfa_session_each_mfa_role_sends_its_code_like_botocore()
    {
        _environment["SESAME_MFA_SESSION"] = "false";
        _terminal.Answer("111111");
        _terminal.Answer("222222");
        await Engine().ForProfile("a").Top.GetAsync();
        await Engine().ForProfile("other").Top.GetAsync();
        Assert.Equal(0, _sts.Count("GetSessionToken"));
        Assert.Equal(["111111", "222222"], _sts.AssumeRoles.Select(r => r.TokenCode));
        Assert.All(_sts.AssumeRoles, r => Assert.Equal("arn:aws:iam::111111111111:mfa/alice", r.SerialNumber));
    }

    [Fact]
    public async Task Cached_credentials_are_refreshed_inside_the_window_and_not_before()
    {
        await Engine(mfaToken: "123456").ForProfile("b").Top.GetAsync();
        _time.Advance(TimeSpan.FromMinutes(40));
        await Engine(mfaToken: "123456").ForProfile("b").Top.GetAsync();
        Assert.Equal(2, _sts.Count("AssumeRole"));
        _time.Advance(TimeSpan.FromMinutes(6));
        await Engine(mfaToken: "123456").ForProfile("b").Top.GetAsync();
        Assert.Equal(4, _sts.Count("AssumeRole"));
        Assert.Equal(1, _sts.Count("GetSessionToken"));
    }

    [Fact]
    public async Task A_failed_refresh_falls_back_to_still_valid_cached_credentials_with_a_warning()
    {
        var first = await Engine(mfaToken: "123456").ForProfile("a").Top.GetAsync();
        _time.Advance(TimeSpan.FromMinutes(50));
        _sts.Fail = action => action == "AssumeRole" ? new AwsServiceException("STS", "AssumeRole", "Throttling", "Rate exceeded", 400, true) : null;
        var second = await Engine(mfaToken: "123456").ForProfile("a").Top.GetAsync();
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Concurrent_callers_in_one_process_share_one_fetch_per_step()
    {
        _sts.Delay = TimeSpan.FromMilliseconds(50);
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Engine(mfaToken: "123456").ForProfile("c").Top.GetAsync())).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Single(results.Distinct());
        Assert.Equal(1, _sts.Count("GetSessionToken"));
        Assert.Equal(3, _sts.Count("AssumeRole"));
    }

    [Fact]
    public async Task No_terminal_and_no_other_mfa_source_fails_with_exit_code_4()
    {
        _terminal.IsAvailable = false;
        var error = await Assert.ThrowsAsync<Sesame.Core.Errors.InteractionRequiredException>(() => Engine().ForProfile("a").Top.GetAsync());
        Assert.Equal(4, error.ExitCode);
        Assert.Contains("sesame mfa add arn:aws:iam::111111111111:mfa/alice", error.Message, StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public async Task Default_chain_prefers_environment_credentials()
    {
        _environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
        _environment["AWS_SECRET_ACCESS_KEY"] = "envsecret";
        var credentials = await Engine().DefaultChain().GetAsync();
        Assert.Equal("AKIAENV", credentials.AccessKeyId);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public void Links_of_a_chain_name_their_cache_keys_and_mfa_devices()
    {
        _environment["SESAME_MFA_SESSION"] = "false";
        var chain = Engine().ForProfile("b");
        Assert.Null(chain.Links[0].CacheKey);
        Assert.Equal("arn:aws:iam::111111111111:mfa/alice", chain.Links[1].MfaSerial);
        Assert.All(chain.Links.Skip(1), l => Assert.Matches("^[0-9a-f]{40}$", l.CacheKey));
        Assert.IsType<CachingProvider>(chain.Top);
    }
}
