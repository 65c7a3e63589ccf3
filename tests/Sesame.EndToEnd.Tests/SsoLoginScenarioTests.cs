using System.Text.Json.Nodes;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Testing;
using static Sesame.EndToEnd.Tests.Infrastructure.SsoSandboxFixture;

namespace Sesame.EndToEnd.Tests;

/// <summary>
/// IAM Identity Center end to end: the real <c>sesame</c> signs in against the sandbox (the test acts as
/// the browser), shares the token cache with the AWS CLI both ways, refreshes without a browser, and
/// logs out.
/// </summary>
public sealed class SsoLoginScenarioTests(SsoSandboxFixture fixture) : IClassFixture<SsoSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    [Fact]
    public async Task Sso_login_approved_by_the_test_then_exec_runs_the_aws_cli_as_the_AWSReservedSSO_role()
    {
        using var test = fixture.NewHome();
        var login = SesameCli.RunAsync(test.Home, "sso", "login", "--sso-session", Session);
        var url = await test.Browser.WaitForUrlAsync(TimeSpan.FromSeconds(60));
        var callback = await Sandbox.Sso.AuthorizeAsync(url, "alice");
        var loggedIn = await login;

        Assert.True(loggedIn.ExitCode == 0, loggedIn.ToString());
        Assert.Equal("/oauth/callback", callback.AbsolutePath);
        Assert.StartsWith("Signed in to IAM Identity Center 'sandbox'; the token is valid until ", loggedIn.Stdout, StringComparison.Ordinal);
        var register = Assert.Single(Sandbox.Sso.Calls.Of("RegisterClient"));
        Assert.Equal(("sso:account:access", "authorization_code refresh_token"), (register["scopes"], register["grantTypes"]));
        Assert.Contains(Sandbox.Sso.Calls.Of("CreateToken"), c => c["grantType"] == "authorization_code" && c.Succeeded && c.User == "alice");

        var token = JsonNode.Parse(File.ReadAllText(test.TokenFile))!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)token["expiresAt"]!);
        Assert.NotNull(token["refreshToken"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(test.TokenFile));

        var exec = await SesameCli.RunAsync(test.Home, "exec", "sso-prod-admin", "--", AwsCli.Path, "sts", "get-caller-identity", "--query", "Arn", "--output", "text");
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Matches($@"^arn:aws:sts::{Prod}:assumed-role/AWSReservedSSO_Admin_[0-9a-f]{{16}}/alice$", exec.Stdout.Trim());
        AssertNoSecrets(test, loggedIn.Stdout + loggedIn.Stderr + exec.Stderr);
    }

    [Fact]
    public async Task The_aws_cli_uses_the_token_sesame_wrote_without_signing_in_again()
    {
        using var test = fixture.NewHome(autoApprove: true);
        test.Browser.Follow();
        var login = await SesameCli.RunAsync(test.Home, "sso", "login", "sso-dev-read-only");
        Assert.True(login.ExitCode == 0, login.ToString());
        Sandbox.Sso.Calls.Clear();

        var cli = await test.Home.RunAsync(AwsCli.Path, ["sts", "get-caller-identity", "--profile", "sso-dev-read-only", "--query", "Arn", "--output", "text"]);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Matches($@"^arn:aws:sts::{Dev}:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{{16}}/alice$", cli.Stdout.Trim());
        Assert.Equal(["GetRoleCredentials"], Sandbox.Sso.Calls.Actions);
    }

    [Fact]
    public async Task Sesame_uses_the_token_aws_sso_login_wrote_and_refreshes_it_so_the_aws_cli_keeps_working()
    {
        using var test = fixture.NewHome(autoApprove: true);
        var cliLogin = await AwsCliV2Async(test, "sso", "login", "--sso-session", Session, "--no-browser");
        Assert.True(cliLogin.ExitCode == 0, cliLogin.ToString());
        Assert.Contains(Sandbox.Sso.Calls.Of("CreateToken"), c => c["grantType"] == "urn:ietf:params:oauth:grant-type:device_code" && c.Succeeded);

        var first = await SesameCli.RunAsync(test.Home, "credential-process", "sso-prod-read-only");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith("ASIA", (string)JsonNode.Parse(first.Stdout)!["AccessKeyId"]!, StringComparison.Ordinal);

        // The AWS CLI's token, now expired: sesame renews it with its refresh token, no browser.
        ExpireTokenFile(test);
        Sandbox.Sso.Calls.Clear();
        var second = await SesameCli.RunAsync(test.Home, "credential-process", "sso-dev-admin");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(["CreateToken", "GetRoleCredentials"], Sandbox.Sso.Calls.Actions);
        Assert.Equal("refresh_token", Sandbox.Sso.Calls.Of("CreateToken").Single()["grantType"]);
        Assert.Empty(test.Browser.Opened);

        var cli = await AwsCliV2Async(test, "sts", "get-caller-identity", "--profile", "sso-dev-admin", "--query", "Arn", "--output", "text");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("AWSReservedSSO_Admin_", cli.Stdout, StringComparison.Ordinal);
        Assert.Single(Sandbox.Sso.Calls.Of("CreateToken"));
    }

    [Fact]
    public async Task Twenty_concurrent_callers_on_an_expired_token_cause_one_refresh()
    {
        using var test = fixture.NewHome(autoApprove: true);
        test.Browser.Follow();
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "sso", "login", "--sso-session", Session)).ExitCode);
        string[] profiles = ["sso-dev-read-only", "sso-dev-admin", "sso-prod-read-only", "sso-prod-admin"];

        // The secret store exists already (as on any machine in use), with nothing cached in it.
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "credential-process", profiles[0])).ExitCode);
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "clear", "--all")).ExitCode);
        ExpireTokenFile(test);
        Sandbox.Sso.Calls.Clear();

        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SesameCli.RunAsync(test.Home, "credential-process", profiles[i % profiles.Length])));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var refreshes = Sandbox.Sso.Calls.Of("CreateToken");
        Assert.Single(refreshes);
        Assert.Equal("refresh_token", refreshes[0]["grantType"]);
        Assert.True(Sandbox.Sso.Calls.Count("GetRoleCredentials") == 4, string.Join("\n", runs.Select(r => r.Stderr)));
        Assert.Single(test.Browser.Opened); // the sso login before, none since
    }

    [Fact]
    public async Task Without_a_terminal_an_unrenewable_session_fails_fast_with_the_login_command()
    {
        using var test = fixture.NewHome(autoApprove: true);

        var run = await test.Home.RunAsync("setsid", ["-w", SesameCli.Executable, "credential-process", "sso-dev-admin"]);

        Assert.Equal(5, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
            $"sesame: error: profile 'sso-dev-admin': the IAM Identity Center session 'sandbox' has no cached token (failed to read {test.TokenFile}: the file does not exist); run `sesame sso login --sso-session sandbox`\n",
            run.Stderr);
        Assert.Empty(Sandbox.Sso.Calls.Actions);
        Assert.Empty(test.Browser.Opened);
        Assert.Equal(13, (await SesameCli.RunAsync(test.Home, "status", "sso-dev-admin")).ExitCode);
    }

    [Fact]
    public async Task In_a_terminal_many_callers_with_no_token_cause_one_browser_sign_in()
    {
        using var test = fixture.NewHome(autoApprove: true);
        test.Browser.Follow();
        var script = test.Home.WriteFile("bin/many.sh", $"""
            #!/bin/sh
            for i in 1 2 3 4 5 6 7 8; do
              {SesameCli.Executable} credential-process sso-prod-admin > "$HOME/out-$i" 2> "$HOME/err-$i" &
            done
            wait
            echo all-done

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await using var tmux = await Tmux.StartAsync(test.Home, script);
        await tmux.WaitForAsync("all-done", TimeSpan.FromSeconds(120));

        for (var i = 1; i <= 8; i++)
        {
            var output = File.ReadAllText(Path.Combine(test.Home.Path, $"out-{i}"));
            Assert.True(output.Contains("\"AccessKeyId\"", StringComparison.Ordinal), $"caller {i}: {File.ReadAllText(Path.Combine(test.Home.Path, $"err-{i}"))}");
        }

        Assert.Single(test.Browser.Opened);
        Assert.Single(Sandbox.Sso.Calls.Of("Authorize"));
        Assert.Single(Sandbox.Sso.Calls.Of("CreateToken"));
    }

    [Fact]
    public async Task Logout_ends_the_session_at_the_portal_and_removes_tokens_and_cached_credentials()
    {
        using var test = fixture.NewHome(autoApprove: true);
        test.Browser.Follow();
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "sso", "login", "--sso-session", Session)).ExitCode);
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "credential-process", "sso-dev-admin")).ExitCode);
        var cliCache = Path.Combine(test.Home.Path, ".aws", "cli", "cache");
        test.Home.WriteFile(".aws/cli/cache/sso-entry.json", """{"ProviderType": "sso", "Credentials": {}}""");
        test.Home.WriteFile(".aws/cli/cache/role-entry.json", """{"Credentials": {}}""");
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "status", "sso-dev-admin")).ExitCode);
        Sandbox.Sso.Calls.Clear();

        var logout = await SesameCli.RunAsync(test.Home, "sso", "logout");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Equal("Logged out: 1 IAM Identity Center token removed (1 ended at the portal), 1 AWS CLI cache entry and 1 Sesame cached session removed.\n", logout.Stdout);
        Assert.Equal(["Logout"], Sandbox.Sso.Calls.Actions);
        Assert.False(File.Exists(test.TokenFile));
        Assert.Equal(["role-entry.json"], Directory.GetFiles(cliCache).Select(Path.GetFileName));
        Assert.Equal(0, Sandbox.Sso.ValidAccessTokens);
        Assert.Equal(13, (await SesameCli.RunAsync(test.Home, "status", "sso-dev-admin")).ExitCode);
    }

    [Fact]
    public async Task Logout_of_one_session_removes_the_token_the_aws_cli_wrote()
    {
        using var test = fixture.NewHome(autoApprove: true);
        var cliLogin = await AwsCliV2Async(test, "sso", "login", "--sso-session", Session, "--no-browser");
        Assert.True(cliLogin.ExitCode == 0, cliLogin.ToString());

        var logout = await SesameCli.RunAsync(test.Home, "sso", "logout", "--sso-session", Session);
        var cli = await AwsCliV2Async(test, "sts", "get-caller-identity", "--profile", "sso-dev-admin");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.False(File.Exists(test.TokenFile));
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("sso", cli.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    private static void ExpireTokenFile(SsoHome test)
    {
        var token = JsonNode.Parse(File.ReadAllText(test.TokenFile))!;
        token["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(test.TokenFile, token.ToJsonString());
    }

    /// <summary>Debian's AWS CLI v2 with endpoint variables honoured (Python/awscli_v2.py).</summary>
    internal static Task<Sesame.Sandbox.Clients.ProcessResult> AwsCliV2Async(SsoHome test, params string[] arguments)
    {
        if (!File.Exists("/usr/lib/python3/dist-packages/awscli/clidriver.py"))
        {
            throw new InvalidOperationException("this test needs Debian's AWS CLI v2 (its Python package): apt-get install awscli");
        }

        return test.Home.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Python", "awscli_v2.py"), .. arguments]);
    }

    private static void AssertNoSecrets(SsoHome test, string output)
    {
        var token = JsonNode.Parse(File.ReadAllText(test.TokenFile))!;
        SecretScan.AssertNoSecrets(output, (string?)token["accessToken"], (string?)token["refreshToken"], (string?)token["clientSecret"]);
    }
}
