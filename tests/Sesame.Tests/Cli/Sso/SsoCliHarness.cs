using Sesame.Core.Aws;
using Sesame.Testing;
using Sesame.Tests.Sso;

namespace Sesame.Tests.Cli.Sso;

/// <summary>
/// The in-process tester (<see cref="SesameTester"/>) set up for sso and configure commands: fake Identity
/// Center clients, a scripted console, a browser that approves, an in-memory credential cache.
/// </summary>
internal sealed class SsoCliHarness : IDisposable
{
    private readonly SesameTester _tester = new();

    public SsoCliHarness()
    {
        _tester.SsoClients = () => new Factory(Oidc, Portal);
        _tester.Console = Console;
        _tester.Browser = Browser;
        _tester.CredentialCache = new Sesame.Core.Caching.MemoryCredentialCache();
        _tester.RealTime = true;
        Oidc.OnCreateToken = r => r.GrantType == OidcTokenRequest.AuthorizationCodeGrant && r.Code == "the-code"
            ? new OidcTokenResult(AccessToken, TimeSpan.FromHours(8), RefreshToken)
            : throw FakeOidc.Error("InvalidGrantException");
    }

    public const string AccessToken = "aoaCLIaccessTOKEN0123456789";
    public const string RefreshToken = "aorCLIrefreshTOKEN0123456789";

    public TestEnvironment Environment => _tester.Environment;

    public FakeOidc Oidc { get; } = new();

    public FakePortal Portal { get; } = new(accounts: 3, "ReadOnly", "Admin");

    public ScriptedConsole Console { get; } = new();

    public ApprovingBrowser Browser { get; } = new();

    public string Home => _tester.Home;

    public string ConfigPath => _tester.ConfigPath;

    public SsoCliHarness WithConfig(string text)
    {
        _tester.WithConfig(text);
        return this;
    }

    public (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var run = _tester.Run(args);
        return (run.Exit, run.Out.Replace("<HOME>", Home, StringComparison.Ordinal), run.Err.Replace("<HOME>", Home, StringComparison.Ordinal));
    }

    public void Dispose() => _tester.Dispose();

    private sealed class Factory(FakeOidc oidc, FakePortal portal) : ISsoClientFactory
    {
        public ISsoOidcClient CreateOidc(AwsEndpoint endpoint) => oidc;

        public ISsoPortalClient CreatePortal(AwsEndpoint endpoint) => portal;
    }
}
