using System.Web;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Sso;

public sealed class SsoLoginTests : IDisposable
{
    private const string Access = "aoaLOGINaccessTOKEN0123456789";
    private const string Refresh = "aorLOGINrefreshTOKEN0123456789";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly SsoSession Session = new("corp", "https://d-1234567890.awsapps.com/start", "eu-west-1", null, null, default);

    private readonly TempDirectory _home = new("sesame-sso-login");
    private readonly FakeOidc _oidc = new();
    private readonly RecordingPresenter _presenter = new();
    private readonly RedirectingBrowser _browser = new();
    private readonly SsoTokenCache _cache;

    public SsoLoginTests()
    {
        _cache = new SsoTokenCache(new ConfigFileLocator(new TestEnvironment([new("HOME", _home.Path)])), PhysicalFileSystem.Instance);
        _oidc.OnCreateToken = r => r.GrantType == OidcTokenRequest.AuthorizationCodeGrant && r.Code == "the-code" && SsoLogin.Challenge(r.CodeVerifier!) == _browser.Challenge
            ? new OidcTokenResult(Access, TimeSpan.FromHours(8), Refresh)
            : throw FakeOidc.Error("InvalidGrantException");
    }

    public void Dispose() => _home.Dispose();

    private SsoLogin Login(TimeProvider? time = null) => new(_cache, _ => _oidc, _browser, _presenter, time ?? new ManualTimeProvider(Now), new RecordingLog());

    [Fact]
    public async Task Pkce_login_registers_with_scopes_follows_the_loopback_redirect_and_writes_the_cli_token_file()
    {
        var token = await Login().LoginAsync(Session, new SsoLoginOptions(), CancellationToken.None);

        var registration = Assert.Single(_oidc.Registrations);
        Assert.Equal(["sso:account:access"], registration.Scopes);
        Assert.Equal(["authorization_code", "refresh_token"], registration.GrantTypes);
        Assert.Equal(["http://127.0.0.1/oauth/callback"], registration.RedirectUris);
        Assert.Equal(Session.StartUrl, registration.IssuerUrl);
        var query = HttpUtility.ParseQueryString(new Uri(_browser.Opened.Single()).Query);
        Assert.StartsWith(FakeOidc.Endpoint + "/authorize?response_type=code&", _browser.Opened.Single(), StringComparison.Ordinal);
        Assert.Equal(("code", "S256", "sso:account:access", "client-1"), (query["response_type"], query["code_challenge_method"], query["scopes"], query["client_id"]));
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/oauth/callback$", query["redirect_uri"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"]);
        Assert.Equal(query["redirect_uri"], _oidc.TokenRequests.Single().RedirectUri);
        Assert.Matches("^[A-Za-z0-9._~-]{64}$", _oidc.TokenRequests.Single().CodeVerifier);

        var file = File.ReadAllText(_cache.PathFor("corp"));
        Assert.Equal(
            $$"""{"startUrl":"https://d-1234567890.awsapps.com/start","region":"eu-west-1","accessToken":"{{Access}}","expiresAt":"2026-11-21T20:00:00Z","clientId":"client-1","clientSecret":"client-secret-EXAMPLE-1","registrationExpiresAt":"2027-03-01T00:00:00Z","refreshToken":"{{Refresh}}"}""",
            file);
        Assert.Equal(Refresh, token.RefreshToken);
        Assert.True(_presenter.BrowserOpened);
    }

    [Fact]
    public async Task A_second_login_reuses_the_cached_registration()
    {
        await Login().LoginAsync(Session, new SsoLoginOptions(), CancellationToken.None);
        await Login().LoginAsync(Session, new SsoLoginOptions(), CancellationToken.None);

        Assert.Single(_oidc.Registrations);
        var registrationFile = Path.Combine(_cache.Directory, SsoRegistrationCache.Key(Session.StartUrl, Session.Region, null, "corp") + ".json");
        Assert.Contains("\"grantTypes\":[\"authorization_code\",\"refresh_token\"]", File.ReadAllText(registrationFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_browser_shows_the_url_and_still_completes_when_someone_opens_it()
    {
        _browser.Disabled = true;
        var login = Login().LoginAsync(Session, new SsoLoginOptions(NoBrowser: true), CancellationToken.None);
        var url = await _presenter.Url.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await _browser.FollowAsync(url, deny: false);

        await login;
        Assert.False(_presenter.BrowserOpened);
        Assert.Empty(_browser.Opened);
    }

    [Fact]
    public async Task A_denied_authorization_is_one_clear_line_and_no_token_is_written()
    {
        _browser.Deny = true;

        var error = await Assert.ThrowsAsync<SsoLoginFailedException>(() => Login().LoginAsync(Session, new SsoLoginOptions(), CancellationToken.None));

        Assert.Equal("the sign-in for 'corp' was denied in the browser; run `sesame sso login --sso-session corp` again and choose Allow", error.Message);
        Assert.Equal(ExitCodes.CredentialsFailed, error.ExitCode);
        Assert.False(File.Exists(_cache.PathFor("corp")));
    }

    [Fact]
    public async Task A_browser_that_never_comes_back_times_out_with_exit_8()
    {
        _browser.Disabled = true;
        var time = new ManualTimeProvider(Now);
        var login = Login(time).LoginAsync(Session, new SsoLoginOptions(NoBrowser: true), CancellationToken.None);
        await _presenter.Url.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<SsoLoginFailedException>(() => login);
        Assert.Equal(ExitCodes.Timeout, error.ExitCode);
        Assert.Contains("did not come back within 10 minutes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_flow_polls_until_approved_and_slows_down_by_five_seconds_when_told()
    {
        var time = new ManualTimeProvider(Now);
        var answers = new Queue<string>(["AuthorizationPendingException", "AuthorizationPendingException", "SlowDownException", "AuthorizationPendingException"]);
        var polls = new List<DateTimeOffset>();
        _oidc.OnStartDevice = () => new OidcDeviceAuthorization("device-code-SECRET", "ABCD-EFGH", "https://device.example/", "https://device.example/?user_code=ABCD-EFGH", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1));
        _oidc.OnCreateToken = r =>
        {
            polls.Add(time.GetUtcNow());
            Assert.Equal((OidcTokenRequest.DeviceCodeGrant, "device-code-SECRET"), (r.GrantType, r.DeviceCode));
            return answers.Count > 0 ? throw FakeOidc.Error(answers.Dequeue()) : new OidcTokenResult(Access, TimeSpan.FromHours(8), Refresh);
        };

        var login = Login(time).LoginAsync(Session, new SsoLoginOptions(UseDeviceCode: true), CancellationToken.None);
        while (!login.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(2);
        }

        await login;
        var gaps = polls.Zip(polls.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.Equal([1, 1, 6, 6], gaps);
        Assert.Empty(_oidc.Registrations.Single().GrantTypes);
        Assert.Equal(["sso:account:access"], _oidc.Registrations.Single().Scopes);
        Assert.Equal("ABCD-EFGH", _presenter.UserCode);
        Assert.Equal(["https://device.example/?user_code=ABCD-EFGH"], _browser.Opened);
    }

    [Theory]
    [InlineData("ExpiredTokenException", "the device code for 'corp' expired before it was approved; run `sesame sso login --sso-session corp --use-device-code` again and approve the new code")]
    [InlineData("AccessDeniedException", "the sign-in for 'corp' was denied in the browser; run `sesame sso login --sso-session corp` again and choose Allow")]
    public async Task Device_flow_failures_are_one_line_with_what_to_do(string code, string message)
    {
        _oidc.OnStartDevice = () => new OidcDeviceAuthorization("device-code-SECRET", "ABCD-EFGH", "https://device.example/", "https://device.example/?c", TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(1));
        _oidc.OnCreateToken = _ => throw FakeOidc.Error(code);

        var error = await Assert.ThrowsAsync<SsoLoginFailedException>(() => Login().LoginAsync(Session, new SsoLoginOptions(UseDeviceCode: true), CancellationToken.None));

        Assert.Equal(message, error.Message);
        SecretScan.AssertNoSecrets(error.Message, "device-code-SECRET");
    }

    [Fact]
    public async Task An_unknown_start_url_is_a_configuration_error_naming_the_session()
    {
        _oidc.OnStartDevice = () => throw new Core.Credentials.AwsServiceException("SSO OIDC", "StartDeviceAuthorization", "InvalidRequestException", "Invalid start URL", 400, retryable: false);

        var error = await Assert.ThrowsAsync<SsoLoginFailedException>(() => Login().LoginAsync(Session, new SsoLoginOptions(UseDeviceCode: true), CancellationToken.None));

        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.StartsWith("IAM Identity Center refused the login for 'corp' (StartDeviceAuthorization: InvalidRequestException: Invalid start URL); check sso_start_url = https://d-1234567890.awsapps.com/start and sso_region = eu-west-1 in [sso-session corp]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_url_that_is_not_https_is_refused_before_any_call()
    {
        var error = await Assert.ThrowsAsync<SsoLoginFailedException>(() => Login().LoginAsync(Session with { StartUrl = "d-123.awsapps.com/start" }, new SsoLoginOptions(), CancellationToken.None));

        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.Empty(_oidc.Registrations);
    }

    [Fact]
    public void Registration_cache_keys_match_botocore()
    {
        Assert.Equal("a8343d65418848d0bc13a5f25cbb32508ceec5d1", SsoRegistrationCache.Key("https://d-1234567890.awsapps.com/start", "us-east-1", ["sso:account:access"], "my-sso"));
        Assert.Equal("365414a68be7c9bfc776c660981dbdbd942acea4", SsoRegistrationCache.Key("https://d-1234567890.awsapps.com/start", "us-east-1", null, null));
    }

    [Fact]
    public void Scopes_parse_as_the_aws_cli_parses_them()
    {
        Assert.Equal(["a:b", "c"], SsoSession.ParseScopes(" a:b ,, c ,"));
        Assert.Null(SsoSession.ParseScopes(null));
        Assert.Equal(["sso:account:access"], (Session with { ConfiguredScopes = [] }).RegistrationScopes);
    }

    private sealed class RecordingPresenter : ISsoLoginPresenter
    {
        public TaskCompletionSource<string> Url { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool BrowserOpened { get; private set; }

        public string? UserCode { get; private set; }

        public void ShowSignInUrl(SsoSession session, string url, bool browserOpened)
        {
            BrowserOpened = browserOpened;
            Url.TrySetResult(url);
        }

        public void ShowDeviceCode(SsoSession session, OidcDeviceAuthorization authorization, bool browserOpened) => UserCode = authorization.UserCode;

        public Task<T> WaitAsync<T>(string message, Func<CancellationToken, Task<T>> wait, CancellationToken cancellationToken) => wait(cancellationToken);
    }

    /// <summary>Acts as the browser: follows the authorize URL straight to the loopback callback.</summary>
    private sealed class RedirectingBrowser : IBrowser
    {
        private static readonly HttpClient Http = new();

        public List<string> Opened { get; } = [];

        public bool Disabled { get; set; }

        public bool Deny { get; set; }

        public string? Challenge { get; private set; }

        public bool CanOpen => !Disabled;

        public bool TryOpen(string url)
        {
            if (Disabled)
            {
                return false;
            }

            Opened.Add(url);
            if (url.Contains("/authorize?", StringComparison.Ordinal))
            {
                _ = FollowAsync(url, Deny);
            }

            return true;
        }

        public async Task FollowAsync(string url, bool deny)
        {
            var query = HttpUtility.ParseQueryString(new Uri(url).Query);
            Challenge = query["code_challenge"];
            var answer = deny ? "error=access_denied" : "code=the-code";
            await Http.GetStringAsync($"{query["redirect_uri"]}?{answer}&state={Uri.EscapeDataString(query["state"]!)}");
        }
    }
}
