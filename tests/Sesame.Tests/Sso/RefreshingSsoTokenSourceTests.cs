using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Sso;

public sealed class RefreshingSsoTokenSourceTests : IDisposable
{
    private const string AccessToken = "aoaOLDaccessTOKEN0123456789abcdef";
    private const string RefreshToken = "aorOLDrefreshTOKEN0123456789abcdef";
    private const string ClientSecret = "clientSECRETvalue0123456789abcdef";
    private const string NewAccess = "aoaNEWaccessTOKEN0123456789abcdef";
    private const string NewRefresh = "aorNEWrefreshTOKEN0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly SsoSession Request = SsoTestSessions.Named("corp", "https://d-1234567890.awsapps.com/start", "eu-west-1", "dev");

    private readonly TempDirectory _home = new("sesame-sso-refresh");
    private readonly ManualTimeProvider _time = new(Now);
    private readonly FakeOidc _oidc = new();
    private readonly RecordingLog _log = new();
    private readonly SsoTokenCache _cache;

    public RefreshingSsoTokenSourceTests()
    {
        _cache = new SsoTokenCache(new ConfigFileLocator(new TestEnvironment([new("HOME", _home.Path)])), PhysicalFileSystem.Instance);
        _oidc.OnCreateToken = _ => new OidcTokenResult(NewAccess, TimeSpan.FromHours(8), NewRefresh);
    }

    public void Dispose() => _home.Dispose();

    private RefreshingSsoTokenSource Source(ISsoInteractiveLogin? login = null, TimeProvider? time = null)
        => new(_cache, _ => _oidc, new FileLockProvider(_home.Combine("locks"), TimeProvider.System, _log), time ?? _time, _log, login);

    private void Cache(TimeSpan remaining, bool refreshable = true, DateTimeOffset? registrationExpires = null)
        => _cache.Write("corp", new SsoTokenFile(AccessToken, Now + remaining, Request.StartUrl, Request.Region,
            refreshable ? RefreshToken : null, "client-id", ClientSecret, registrationExpires ?? Now.AddDays(60)));

    private string Everything(Exception? error = null) => _log.Text + (error?.Message ?? string.Empty);

    [Fact]
    public async Task A_token_with_more_than_15_minutes_left_is_used_without_any_call()
    {
        Cache(TimeSpan.FromMinutes(16));

        var token = await Source().GetTokenAsync(Request);

        Assert.Equal(AccessToken, token.AccessToken);
        Assert.Equal(0, _oidc.CreateTokenCalls);
    }

    [Fact]
    public async Task A_token_near_expiry_is_refreshed_with_the_refresh_token_and_the_file_is_rewritten()
    {
        Cache(TimeSpan.FromMinutes(10));

        var token = await Source().GetTokenAsync(Request);

        Assert.Equal(NewAccess, token.AccessToken);
        var request = Assert.Single(_oidc.TokenRequests);
        Assert.Equal(("client-id", ClientSecret, "refresh_token", RefreshToken), (request.ClientId, request.ClientSecret, request.GrantType, request.RefreshToken));
        var file = _cache.Read("corp").Token!;
        Assert.Equal((NewAccess, NewRefresh, Now.AddHours(8)), (file.AccessToken, file.RefreshToken, file.ExpiresAt));
        Assert.Contains("\"expiresAt\":\"2026-11-21T20:00:00Z\"", File.ReadAllText(_cache.PathFor("corp")), StringComparison.Ordinal);
        Assert.Equal(FileModes.OwnerReadWrite, PhysicalFileSystem.Instance.GetUnixFileMode(_cache.PathFor("corp")));
        SecretScan.AssertNoSecrets(Everything(), AccessToken, RefreshToken, ClientSecret, NewAccess, NewRefresh);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_a_token_that_is_still_valid_and_warns_without_secrets()
    {
        Cache(TimeSpan.FromMinutes(5));
        _oidc.OnCreateToken = _ => throw FakeOidc.Error("InternalServerException", 500);

        var token = await Source().GetTokenAsync(Request);

        Assert.Equal(AccessToken, token.AccessToken);
        Assert.Contains(_log.Lines, l => l.StartsWith("warn: IAM Identity Center session 'corp': CreateToken with the refresh token failed: InternalServerException", StringComparison.Ordinal));
        Assert.Equal(AccessToken, _cache.Read("corp").Token!.AccessToken);
        SecretScan.AssertNoSecrets(Everything(), AccessToken, RefreshToken, ClientSecret);
    }

    [Fact]
    public async Task An_expired_token_whose_refresh_token_was_revoked_asks_for_a_login_with_exit_5()
    {
        Cache(TimeSpan.FromMinutes(-1));
        _oidc.OnCreateToken = _ => throw FakeOidc.Error("InvalidGrantException");

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Source().GetTokenAsync(Request));

        Assert.Equal(ExitCodes.SsoLoginRequired, error.ExitCode);
        Assert.Equal(
            "profile 'dev': the IAM Identity Center session 'corp' has expired (the cached token expired at 2026-11-21 11:59:00Z) and could not be renewed without a browser (CreateToken with the refresh token failed: InvalidGrantException (HTTP 400)); run `sesame sso login --sso-session corp`",
            error.Message);
        SecretScan.AssertNoSecrets(Everything(error), AccessToken, RefreshToken, ClientSecret);
    }

    [Fact]
    public async Task An_expired_token_without_a_refresh_token_fails_fast_without_a_call()
    {
        Cache(TimeSpan.FromMinutes(-1), refreshable: false);

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Source().GetTokenAsync(Request));

        Assert.Contains("has no refresh token", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _oidc.CreateTokenCalls);
    }

    [Fact]
    public async Task An_expired_client_registration_means_no_refresh_is_attempted()
    {
        Cache(TimeSpan.FromMinutes(-1), registrationExpires: Now.AddMinutes(-1));

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Source().GetTokenAsync(Request));

        Assert.Contains("its client registration expired at 2026-11-21T11:59:00Z", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _oidc.CreateTokenCalls);
    }

    [Fact]
    public async Task A_refresh_without_a_new_refresh_token_drops_the_old_one_from_the_file()
    {
        Cache(TimeSpan.FromMinutes(-1));
        _oidc.OnCreateToken = _ => new OidcTokenResult(NewAccess, TimeSpan.FromHours(1), null);

        await Source().GetTokenAsync(Request);

        Assert.DoesNotContain("refreshToken", File.ReadAllText(_cache.PathFor("corp")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"expiresAt": "2099-01-01T00:00:00Z", "refreshToken": "aorOLDrefreshTOKEN0123456789abcdef"}""")]
    public async Task A_corrupted_cache_file_asks_for_a_login_and_is_left_untouched(string content)
    {
        var path = _home.Write(Path.Combine(".aws", "sso", "cache", SsoTokenCache.FileName("corp")), content);

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Source().GetTokenAsync(Request));

        Assert.Contains("has a damaged cached token", error.Message, StringComparison.Ordinal);
        Assert.Contains("it is left as it is until a new login replaces it", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path));
        SecretScan.AssertNoSecrets(Everything(error), RefreshToken);
    }

    [Fact]
    public async Task Twenty_concurrent_callers_on_an_expired_token_cause_one_refresh()
    {
        Cache(TimeSpan.FromMinutes(-1));
        var gate = new SemaphoreSlim(0);
        _oidc.OnCreateToken = _ =>
        {
            // Hold the refresh until every caller is waiting, so they really overlap.
            gate.Wait(TimeSpan.FromSeconds(5));
            return new OidcTokenResult(NewAccess, TimeSpan.FromHours(8), NewRefresh);
        };

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => Source(time: _time).GetTokenAsync(Request))).ToList();
        await Task.Delay(300);
        gate.Release(20);
        var tokens = await Task.WhenAll(callers);

        Assert.All(tokens, t => Assert.Equal(NewAccess, t.AccessToken));
        Assert.Equal(1, _oidc.CreateTokenCalls);
    }

    [Fact]
    public async Task With_a_login_available_concurrent_callers_cause_one_login()
    {
        var login = new CountingLogin(_cache);
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Source(login).GetTokenAsync(Request))).ToList();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, login.Logins);
        Assert.Contains("has no cached token", login.Reasons.Single(), StringComparison.Ordinal);
        Assert.All(tokens, t => Assert.Equal("aoaFROMLOGIN", t.AccessToken));
    }

    [Fact]
    public async Task A_login_that_is_not_available_fails_fast_with_the_legacy_profile_hint()
    {
        var legacy = SsoTestSessions.Legacy("old", "https://d-1234567890.awsapps.com/start", "eu-west-1");
        var login = new CountingLogin(_cache) { Available = false };

        var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Source(login).GetTokenAsync(legacy));

        Assert.EndsWith("run `sesame sso login --profile old`", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, login.Logins);
    }

    [Fact]
    public void Status_counts_a_refreshable_expired_token_as_usable_without_a_browser()
    {
        Assert.False(RefreshingSsoTokenSource.IsUsableWithoutBrowser(_cache, Request, Now));
        Cache(TimeSpan.FromMinutes(-5));
        Assert.True(RefreshingSsoTokenSource.IsUsableWithoutBrowser(_cache, Request, Now));
        Cache(TimeSpan.FromMinutes(-5), refreshable: false);
        Assert.False(RefreshingSsoTokenSource.IsUsableWithoutBrowser(_cache, Request, Now));
        Cache(TimeSpan.FromMinutes(5), refreshable: false);
        Assert.True(RefreshingSsoTokenSource.IsUsableWithoutBrowser(_cache, Request, Now));
    }

    private sealed class CountingLogin(SsoTokenCache cache) : ISsoInteractiveLogin
    {
        public int Logins;

        public List<string> Reasons { get; } = [];

        public bool Available { get; init; } = true;

        public bool IsAvailable => Available;

        public async Task<SsoTokenFile> LoginAsync(SsoSession request, string reason, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Logins);
            lock (Reasons)
            {
                Reasons.Add(reason);
            }

            await Task.Delay(200, cancellationToken);
            var token = new SsoTokenFile("aoaFROMLOGIN", Now.AddHours(8), request.StartUrl, request.Region);
            cache.Write(request.CacheKey, token);
            return token;
        }
    }
}
