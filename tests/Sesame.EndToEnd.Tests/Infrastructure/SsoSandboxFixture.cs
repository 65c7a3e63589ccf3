using Sesame.Sandbox;
using Sesame.Sandbox.Clients;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One sandbox per test class whose organisation has IAM Identity Center: accounts dev
/// (111111111111) and prod (222222222222), each with ReadOnly and Admin, user alice. Each test gets
/// a fresh home (profiles sso-dev-read-only, sso-dev-admin, sso-prod-read-only, sso-prod-admin of
/// [sso-session sandbox]), its own secret store, a browser stand-in, and a cleared call record.
/// </summary>
public sealed class SsoSandboxFixture : IAsyncLifetime
{
    public const string Dev = "111111111111";
    public const string Prod = "222222222222";
    public const string Session = "sandbox";

    public global::Sesame.Sandbox.Sandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await global::Sesame.Sandbox.Sandbox.StartAsync(new Organisation
    {
        IdentityCenter = new IdentityCenter
        {
            Accounts = [new SsoAccount(Dev, "dev", ["ReadOnly", "Admin"]), new SsoAccount(Prod, "prod", ["ReadOnly", "Admin"])],
        },
    });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    /// <summary>A fresh home; approvals are manual (the test acts as the browser) unless <paramref name="autoApprove"/>.</summary>
    public SsoHome NewHome(bool autoApprove = false)
    {
        Sandbox.Sso.AutoApprove = autoApprove ? "alice" : null;
        Sandbox.Sso.Faults.Clear();
        Sandbox.Sso.Unthrottle();
        var home = Sandbox.CreateHome().WithStore();
        var browser = new BrowserStandIn(home);
        home.Set("BROWSER", browser.Script);
        home.Set("SESAME_SSO_AUTO_LOGIN", null);
        Sandbox.Sso.Calls.Clear();
        Sandbox.Sts.Calls.Clear();
        return new SsoHome(home, browser);
    }
}

/// <summary>A test's home and its browser.</summary>
public sealed record SsoHome(ClientHome Home, BrowserStandIn Browser) : IDisposable
{
    /// <summary>The token cache file of the sandbox session.</summary>
    public string TokenFile => Path.Combine(Home.Path, ".aws", "sso", "cache", Sha1(SsoSandboxFixture.Session) + ".json");

    public void Dispose() => Home.Dispose();

    private static string Sha1(string text)
#pragma warning disable CA5350 // the AWS CLI's file naming
        => Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
}

/// <summary>
/// What sesame finds in <c>BROWSER</c>: a script that records every URL it is asked to open (one per
/// line) and, when the sandbox auto-approves, fetches it as a browser would (python urllib follows the
/// redirect to sesame's loopback callback). Otherwise the test reads the URL and acts as the browser
/// itself (<c>Sandbox.Sso.AuthorizeAsync</c>).
/// </summary>
public sealed class BrowserStandIn
{
    private readonly ClientHome _home;

    public BrowserStandIn(ClientHome home)
    {
        _home = home;
        Script = home.WriteFile("bin/browser", """
            #!/bin/sh
            echo "$1" >> "$HOME/browser-urls"
            if [ -f "$HOME/browser-follows" ]; then
              python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=30).read()' "$1" >/dev/null 2>&1 &
            fi

            """);
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Script { get; }

    /// <summary>Makes the script fetch the URL itself (for auto-approved sign-ins).</summary>
    public void Follow() => _home.WriteFile("browser-follows", "yes\n");

    /// <summary>Every URL opened so far.</summary>
    public IReadOnlyList<string> Opened
    {
        get
        {
            var path = Path.Combine(_home.Path, "browser-urls");
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
    }

    /// <summary>Waits for the next URL to be opened.</summary>
    public async Task<string> WaitForUrlAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Opened.Count == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("sesame never opened the browser");
            }

            await Task.Delay(50);
        }

        return Opened[^1];
    }
}
