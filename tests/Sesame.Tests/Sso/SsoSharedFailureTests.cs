using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Sso;

/// <summary>
/// Single flight shares failures for IAM Identity Center renewals too: callers waiting on the session's
/// lock while the one renewal fails get its error (for a few seconds, <see cref="SharedFailure.Window"/>),
/// instead of each sending the same refresh token again; a caller that comes later tries again.
/// </summary>
public sealed class SsoSharedFailureTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly SsoSession Request = SsoTestSessions.Named("corp", "https://d-1234567890.awsapps.com/start", "eu-west-1", "dev");
    private readonly TempDirectory _home = new("sesame-sso-shared");
    private readonly ManualTimeProvider _time = new(Now);
    private readonly FakeOidc _oidc = new();
    private readonly RecordingLog _log = new();
    private readonly SsoTokenCache _cache;

    public SsoSharedFailureTests()
    {
        _cache = new SsoTokenCache(new ConfigFileLocator(new TestEnvironment([new("HOME", _home.Path)])), PhysicalFileSystem.Instance);
        _cache.Write("corp", new SsoTokenFile("aoaEXPIREDaccessTOKEN", Now.AddMinutes(-1), Request.StartUrl, Request.Region, "aorREVOKEDrefreshTOKEN", "client-id", "client-secret-EXAMPLE", Now.AddDays(60)));
    }

    public void Dispose() => _home.Dispose();

    private RefreshingSsoTokenSource Source() => new(_cache, _ => _oidc, new FileLockProvider(_home.Combine("locks"), TimeProvider.System, _log), _time, _log);

    [Fact]
    public async Task Twenty_callers_on_a_refused_refresh_cause_one_call_and_all_get_the_login_error()
    {
        var gate = new SemaphoreSlim(0);
        _oidc.OnCreateToken = _ =>
        {
            // Hold the failing refresh until every caller is waiting on the lock.
            gate.Wait(TimeSpan.FromSeconds(5));
            throw FakeOidc.Error("InvalidGrantException");
        };

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => Assert.ThrowsAsync<SsoLoginRequiredException>(() => Source().GetTokenAsync(Request)))).ToList();
        await Task.Delay(300);
        gate.Release(20);
        var errors = await Task.WhenAll(callers);

        Assert.Equal(1, _oidc.CreateTokenCalls);
        Assert.All(errors, e => Assert.Equal(ExitCodes.SsoLoginRequired, e.ExitCode));
        Assert.All(errors, e => Assert.EndsWith("run `sesame sso login --sso-session corp`", e.Message, StringComparison.Ordinal));
        Assert.Equal(19, errors.Count(e => e.Message.Contains("a concurrent renewal failed at 12:00:00 UTC", StringComparison.Ordinal)));
        SecretScan.AssertNoSecrets(string.Join("\n", errors.Select(e => e.Message)) + _log.Text, "aorREVOKEDrefreshTOKEN", "client-secret-EXAMPLE");
    }

    [Fact]
    public async Task A_failure_other_than_a_refused_refresh_is_shared_with_its_exit_code()
    {
        var gate = new SemaphoreSlim(0);
        _oidc.OnCreateToken = _ =>
        {
            gate.Wait(TimeSpan.FromSeconds(5));
            throw new SesameException("IAM Identity Center could not be reached (connection refused)", ExitCodes.ServiceUnavailable);
        };

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Assert.ThrowsAnyAsync<SesameException>(() => Source().GetTokenAsync(Request)))).ToList();
        await Task.Delay(300);
        gate.Release(8);
        var errors = await Task.WhenAll(callers);

        Assert.Equal(1, _oidc.CreateTokenCalls);
        Assert.All(errors, e => Assert.Equal(ExitCodes.ServiceUnavailable, e.ExitCode));
    }

    [Fact]
    public async Task A_caller_that_comes_after_the_failure_tries_again()
    {
        _oidc.OnCreateToken = _ => throw FakeOidc.Error("InvalidGrantException");
        await Assert.ThrowsAsync<SsoLoginRequiredException>(() => Source().GetTokenAsync(Request));

        _time.Advance(TimeSpan.FromSeconds(1));
        _oidc.OnCreateToken = _ => new OidcTokenResult("aoaNEWaccessTOKEN", TimeSpan.FromHours(8), "aorNEWrefreshTOKEN");
        var token = await Source().GetTokenAsync(Request);

        Assert.Equal(("aoaNEWaccessTOKEN", 2), (token.AccessToken, _oidc.CreateTokenCalls));
    }
}
