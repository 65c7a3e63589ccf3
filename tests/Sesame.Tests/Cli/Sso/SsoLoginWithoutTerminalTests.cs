using Sesame.Core.Aws;
using Sesame.Core.Errors;
using Sesame.Testing;
using Sesame.Tests.Sso;

namespace Sesame.Tests.Cli.Sso;

/// <summary>
/// <c>sesame sso login</c> with no terminal and no browser (a script, CI, ssh without a terminal): the
/// redirect flow could never finish there, so it signs in with a device code whose URL and code are printed
/// where they can be seen (standard error), and the wait ends when the code expires — never ten silent minutes.
/// </summary>
public sealed class SsoLoginWithoutTerminalTests : IDisposable
{
    private const string Config = "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n";
    private readonly SesameTester _cli = new();
    private readonly FakeOidc _oidc = new();

    public SsoLoginWithoutTerminalTests()
    {
        _cli.SsoClients = () => new Factory(_oidc);
        _cli.Console = new ScriptedConsole { IsInteractive = false };
        _cli.Browser = NoBrowser.Instance;
        _cli.CredentialCache = new Sesame.Core.Caching.MemoryCredentialCache();
        _cli.RealTime = true;
        _cli.WithConfig(Config);
        _oidc.OnStartDevice = () => new OidcDeviceAuthorization("device-code-SECRET", "WXYZ-1234", "https://device.example/", "https://device.example/?user_code=WXYZ-1234", TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(10));
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Without_terminal_or_browser_it_signs_in_with_a_device_code_shown_on_standard_error()
    {
        var polls = 0;
        _oidc.OnCreateToken = request => request.GrantType != OidcTokenRequest.DeviceCodeGrant
            ? throw new InvalidOperationException("the redirect flow was used")
            : Interlocked.Increment(ref polls) < 3
                ? throw FakeOidc.Error("AuthorizationPendingException")
                : new OidcTokenResult("aoaDEVICEaccessTOKEN", TimeSpan.FromHours(8), "aorDEVICErefreshTOKEN");

        var run = await Task.Run(() => _cli.Run("sso", "login", "--sso-session", "corp")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.Exit == 0, run.Err);
        var shown = string.Join("\n", _cli.Console.Lines);
        Assert.Contains("signing in with a device code instead", shown, StringComparison.Ordinal);
        Assert.Contains("https://device.example/", shown, StringComparison.Ordinal);
        Assert.Contains("WXYZ-1234", shown, StringComparison.Ordinal);
        Assert.Contains("The code is valid for 10 minutes", shown, StringComparison.Ordinal);
        Assert.Empty(Assert.Single(_oidc.Registrations).RedirectUris);
        _cli.AssertNothingLeaked("device-code-SECRET", "aoaDEVICEaccessTOKEN", "aorDEVICErefreshTOKEN");
    }

    [Fact]
    public async Task A_code_nobody_approves_ends_the_wait_when_it_expires_with_a_timeout()
    {
        _oidc.OnStartDevice = () => new OidcDeviceAuthorization("device-code-SECRET", "WXYZ-1234", "https://device.example/", "https://device.example/?user_code=WXYZ-1234", TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(10));
        _oidc.OnCreateToken = _ => throw FakeOidc.Error("AuthorizationPendingException");

        var run = await Task.Run(() => _cli.Run("sso", "login", "--sso-session", "corp")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Timeout, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "the code WXYZ-1234 for 'corp' was not approved within 1 second;");
    }

    [Fact]
    public void With_a_terminal_the_redirect_flow_stays_the_default()
    {
        var options = Sesame.Core.Sso.SsoFlowChoice.Choose(new(), browserCanOpen: false, interactive: true, out var note);

        Assert.False(options.UseDeviceCode);
        Assert.Null(note);
        Assert.True(Sesame.Core.Sso.SsoFlowChoice.Choose(new(NoBrowser: true), browserCanOpen: true, interactive: false, out _).UseDeviceCode);
        Assert.False(Sesame.Core.Sso.SsoFlowChoice.Choose(new(), browserCanOpen: true, interactive: false, out _).UseDeviceCode);
    }

    private sealed class Factory(FakeOidc oidc) : ISsoClientFactory
    {
        public ISsoOidcClient CreateOidc(AwsEndpoint endpoint) => oidc;

        public ISsoPortalClient CreatePortal(AwsEndpoint endpoint) => throw new InvalidOperationException("no portal call expected");
    }
}
