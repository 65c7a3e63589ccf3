using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Providers;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

public sealed class SsoRoleProviderTests : IDisposable
{
    private const string AccessToken = "aoaEXAMPLEaccessTOKENvalue0123456789";
    private const string RefreshToken = "aorEXAMPLErefreshTOKENvalue0123456789";
    private const string StartUrl = "https://d-1234567890.awsapps.com/start";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _home = new("sesame-sso");
    private readonly ManualTimeProvider _time = new(Now);
    private readonly FakePortal _portal = new();

    public void Dispose() => _home.Dispose();

    private static SsoSource Session(string? account = "111122223333", string? role = "ReadOnly", string? region = "us-east-1")
        => new("dev", SsoTestSessions.Named("my-sso", StartUrl, region ?? string.Empty, "dev"), account, role, new SourceLocation("/home/.aws/config", 3));

    private static SsoSource Legacy() => new("legacy", SsoTestSessions.Legacy("legacy", StartUrl, "us-east-1"), "111122223333", "ReadOnly", new SourceLocation("/home/.aws/config", 9));

    private SsoRoleProvider Provider(SsoSource source, ISsoPortalClient? portal = null)
        => new(source, SsoTestSessions.CacheOnly(_home.Path, _time), () => portal ?? _portal);

    private void CacheToken(string key, DateTimeOffset expiresAt, string accessToken = AccessToken)
        => _home.Write(Path.Combine(".aws", "sso", "cache", SsoTokenCache.FileName(key)), $$"""
            {"startUrl": "{{StartUrl}}", "region": "us-east-1", "accessToken": "{{accessToken}}", "expiresAt": "{{expiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}",
             "clientId": "cid", "clientSecret": "csecretEXAMPLE0123", "registrationExpiresAt": "2027-01-01T00:00:00Z", "refreshToken": "{{RefreshToken}}"}
            """);

    [Fact]
    public void Cache_file_names_are_the_sha1_of_the_session_name_or_the_start_url()
    {
        Assert.Equal("0ad374308c5a4e22f723adf10145eafad7c4031c.json", SsoTokenCache.FileName("my-sso"));
        Assert.Equal("7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json", SsoTokenCache.FileName(StartUrl));
    }

    [Fact]
    public async Task Exchanges_the_cached_session_token_for_role_credentials_of_the_profiles_account()
    {
        CacheToken("my-sso", Now.AddHours(1));

        var credentials = await Provider(Session()).GetAsync();

        Assert.Equal("ASIASSO", credentials.AccessKeyId);
        Assert.Equal("111122223333", credentials.AccountId);
        Assert.Equal((AccessToken, "111122223333", "ReadOnly"), _portal.Calls.Single());
    }

    [Fact]
    public async Task A_legacy_profile_finds_its_token_by_start_url()
    {
        CacheToken(StartUrl, Now.AddHours(1));

        await Provider(Legacy()).GetAsync();

        Assert.Single(_portal.Calls);
    }

    [Fact]
    public async Task An_expired_token_asks_for_a_login_with_exit_code_5_and_never_reaches_the_portal()
    {
        CacheToken("my-sso", Now.AddSeconds(-1));

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Provider(Session()).GetAsync());

        Assert.Equal(ExitCodes.SsoLoginRequired, error.ExitCode);
        Assert.Equal("profile 'dev': the IAM Identity Center session 'my-sso' has expired (the cached token expired at 2026-11-21 11:59:59Z) and could not be renewed without a browser (CreateToken with the refresh token failed: InvalidGrantException (HTTP 400)); run `sesame sso login --sso-session my-sso`", error.Message);
        Assert.Empty(_portal.Calls);
        SecretScan.AssertNoSecrets(error.Message, AccessToken, RefreshToken);
    }

    [Fact]
    public async Task A_missing_token_asks_for_a_login_naming_the_file()
    {
        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Provider(Legacy()).GetAsync());

        Assert.Contains("has no cached token", error.Message, StringComparison.Ordinal);
        Assert.Contains(SsoTokenCache.FileName(StartUrl), error.Message, StringComparison.Ordinal);
        Assert.EndsWith("run `sesame sso login --profile legacy`", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"expiresAt": "2099-01-01T00:00:00Z"}""")]
    [InlineData("""{"accessToken": "aoaEXAMPLEaccessTOKENvalue0123456789", "expiresAt": "someday"}""")]
    public async Task A_damaged_token_file_asks_for_a_login_and_shows_no_token(string content)
    {
        _home.Write(Path.Combine(".aws", "sso", "cache", SsoTokenCache.FileName("my-sso")), content);

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Provider(Session()).GetAsync());

        SecretScan.AssertNoSecrets(error.Message, AccessToken);
        Assert.Empty(_portal.Calls);
    }

    [Fact]
    public async Task A_401_from_the_portal_asks_for_a_login()
    {
        CacheToken("my-sso", Now.AddHours(1));
        _portal.Failure = new AwsServiceException("SSO", "GetRoleCredentials", "UnauthorizedException", "Session token not found or invalid", 401, retryable: false);

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Provider(Session()).GetAsync());

        Assert.Contains("was refused by the portal", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.SsoLoginRequired, error.ExitCode);
    }

    [Fact]
    public async Task Other_portal_errors_name_the_role_and_keep_their_exit_code()
    {
        CacheToken("my-sso", Now.AddHours(1));
        _portal.Failure = new AwsServiceException("SSO", "GetRoleCredentials", "TooManyRequestsException", "slow down", 429, retryable: true);

        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(Session()).GetAsync());

        Assert.Equal("profile 'dev': IAM Identity Center GetRoleCredentials for role ReadOnly in account 111122223333 failed: TooManyRequestsException: slow down", error.Message);
        Assert.Equal(ExitCodes.ServiceUnavailable, error.ExitCode);
    }

    [Fact]
    public async Task A_session_profile_without_account_and_role_resolves_to_a_token_not_credentials()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => Provider(Session(account: null, role: null)).GetAsync());

        Assert.Contains("resolves to an access token instead of credentials", error.Message, StringComparison.Ordinal);
        Assert.Equal(("/home/.aws/config", 3), (error.File, error.Line));
    }

    [Fact]
    public async Task A_profile_without_sso_region_names_the_missing_setting()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => Provider(Session(region: null)).GetAsync());

        Assert.Contains("missing required configuration: sso_region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_portal_client_sends_the_token_header_and_maps_a_modeled_401_to_a_login_request()
    {
        CacheToken("my-sso", Now.AddHours(1));
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(
            401,
            """{"message":"Session token not found or invalid","__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}""",
            ("x-amzn-ErrorType", "UnauthorizedException"),
            ("Content-Type", "application/json")));
        var portal = new SsoClientFactory(new AwsHttpOptions(MaxAttempts: 1, Handler: handler)).CreatePortal(new AwsEndpoint("us-east-1", "http://127.0.0.1:9", false, false));

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Provider(Session(), portal).GetAsync());

        Assert.Equal(ExitCodes.SsoLoginRequired, error.ExitCode);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:9/federation/credentials?account_id=111122223333&role_name=ReadOnly", request.Uri.AbsoluteUri);
        Assert.Equal(AccessToken, request.Header("x-amz-sso_bearer_token"));
        Assert.Null(request.Header("Authorization"));
        SecretScan.AssertNoSecrets(error.Message, AccessToken);
    }

    [Fact]
    public async Task The_portal_client_converts_the_expiry_from_epoch_milliseconds()
    {
        CacheToken("my-sso", Now.AddHours(1));
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(
            200,
            """{"roleCredentials":{"accessKeyId":"ASIAPORTAL","secretAccessKey":"portal-secret","sessionToken":"portal-token","expiration":1795003200000}}""",
            ("Content-Type", "application/json")));
        var portal = new SsoClientFactory(new AwsHttpOptions(Handler: handler)).CreatePortal(new AwsEndpoint("eu-west-1", null, false, false));

        var credentials = await Provider(Session(), portal).GetAsync();

        Assert.Equal(new AwsCredentials("ASIAPORTAL", "portal-secret", "portal-token", DateTimeOffset.FromUnixTimeSeconds(1795003200), "111122223333"), credentials);
        Assert.Equal("portal.sso.eu-west-1.amazonaws.com", handler.Requests.Single().Uri.Host);
    }

    private sealed class FakePortal : ISsoPortalClient
    {
        public List<(string Token, string Account, string Role)> Calls { get; } = [];

        public AwsServiceException? Failure { get; set; }

        public Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
        {
            Calls.Add((accessToken, accountId, roleName));
            return Failure is not null
                ? Task.FromException<AwsCredentials>(Failure)
                : Task.FromResult(new AwsCredentials("ASIASSO", "sso-secret", "sso-token", Now.AddHours(1), accountId));
        }
    }
}
