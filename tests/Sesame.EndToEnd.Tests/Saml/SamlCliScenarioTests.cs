using System.Diagnostics;
using System.Text.Json.Nodes;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Sandbox.Clients;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.Saml;

/// <summary>
/// The real <c>sesame</c> against the sandbox IdP and STS: <c>configure saml</c>, <c>saml login</c> (forms and MFA in a
/// real terminal, or piped), credential commands for SAML profiles and profiles chained from them, the AWS CLI and
/// boto3 using them through <c>credential_process</c>, single flight across processes, and what is (not) stored.
/// </summary>
public sealed class SamlCliScenarioTests(SamlSandboxFixture fixture) : IClassFixture<SamlSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    private string SignInUrl => new Uri(Sandbox.Saml.SignOnUrl, "/saml").ToString();

    /// <summary>A home with its own store, <c>sesame</c> on PATH (as <c>credential_process = sesame …</c> needs), and empty call records.</summary>
    private ClientHome NewHome()
    {
        var home = Sandbox.CreateHome(profiles: false).WithStore();
        var bin = Path.Combine(home.Path, "bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "sesame"), SesameCli.Executable);
        home.Set("PATH", bin + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin"));
        Sandbox.Sts.Calls.Clear();
        Sandbox.Saml.Calls.Clear();
        return home;
    }

    private string SamlProfile(string name, string user, string role, string extra = "") => $"""

        [profile {name}]
        sesame_saml_url = {Sandbox.Saml.SignOnUrl}
        sesame_saml_username = EXAMPLE\{user}
        sesame_saml_role_arn = {role}
        sesame_saml_signin_url = {SignInUrl}
        credential_process = sesame credential-process {name}
        region = us-east-1
        {extra}
        """;

    private static string ChainedProfile(string name, string source) => $"""

        [profile {name}]
        role_arn = {SamlOrganisation.Chained}
        source_profile = {source}
        role_session_name = chained-e2e
        region = us-east-1
        """;

    private static Task<ProcessResult> NoTerminal(ClientHome home, params string[] arguments)
        => home.RunAsync("setsid", ["-w", SesameCli.Executable, .. arguments]);

    private static async Task<ProcessResult> LoginAsync(ClientHome home, string profile, string password, params string[] more)
    {
        var login = await SesameCli.RunAsync(home, environment: null, stdin: password + "\n", ["saml", "login", profile, "--password-stdin", .. more]);
        Assert.True(login.ExitCode == 0, login.ToString());
        return login;
    }

    [Fact]
    public async Task Forms_and_MFA_sign_in_on_a_terminal_then_the_AWS_CLI_and_boto3_use_the_profile_and_one_chained_from_it_without_signing_in_again()
    {
        using var home = NewHome();
        var configure = await SesameCli.RunAsync(home, "configure", "saml", "corp", "--url", Sandbox.Saml.SignOnUrl.ToString(), "--username", "EXAMPLE\\rsa", "--role-arn", SamlOrganisation.Admin, "--region", "us-east-1");
        Assert.True(configure.ExitCode == 0, configure.ToString());
        File.AppendAllText(home.ConfigFile, $"sesame_saml_signin_url = {SignInUrl}\n" + ChainedProfile("chained", "corp"));
        Assert.Contains("credential_process = sesame credential-process corp", File.ReadAllText(home.ConfigFile), StringComparison.Ordinal);

        await using (var tmux = await Tmux.StartAsync(home, "sesame saml login corp"))
        {
            await tmux.WaitForAsync("Password for EXAMPLE\\rsa at 127.0.0.1:", TimeSpan.FromSeconds(90));
            await tmux.TypeLineAsync("rsa-password");
            await tmux.WaitForAsync("RSA SecurID passcode:", TimeSpan.FromSeconds(60));
            await tmux.TypeLineAsync("246810");
            var screen = await tmux.WaitForAsync("The session is cached until ", TimeSpan.FromSeconds(60));
            Assert.Contains($"(password and MFA); {SamlOrganisation.Admin}.", screen, StringComparison.Ordinal);
            Assert.DoesNotContain("rsa-password", screen, StringComparison.Ordinal);
            Assert.DoesNotContain("246810", screen, StringComparison.Ordinal);
            Assert.Equal("exit=0", await tmux.ExitStatusAsync(home, TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(["Login", "MfaPassed"], Sandbox.Saml.Calls.Actions.Where(a => a is "Login" or "MfaPassed"));
        var cli = await home.RunAsync(AwsCli.Path, ["sts", "get-caller-identity", "--profile", "corp", "--query", "Arn", "--output", "text"]);
        var cliChained = await home.RunAsync(AwsCli.Path, ["sts", "get-caller-identity", "--profile", "chained", "--query", "Arn", "--output", "text"]);
        var boto = await home.RunAsync("python3", [Path.Combine(AppContext.BaseDirectory, "Python", "botocore_whoami.py"), "corp"]);
        var botoChained = await home.RunAsync("python3", [Path.Combine(AppContext.BaseDirectory, "Python", "botocore_whoami.py"), "chained"]);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal($"arn:aws:sts::{SamlOrganisation.Prod}:assumed-role/SamlAdmin/rsa@example.com", cli.Stdout.Trim());
        Assert.True(cliChained.ExitCode == 0, cliChained.ToString());
        Assert.Equal($"arn:aws:sts::{SamlOrganisation.Prod}:assumed-role/SamlChained/chained-e2e", cliChained.Stdout.Trim());
        Assert.Equal($"arn:aws:sts::{SamlOrganisation.Prod}:assumed-role/SamlAdmin/rsa@example.com", (string?)JsonNode.Parse(boto.Stdout)!["arn"]);
        Assert.Equal($"arn:aws:sts::{SamlOrganisation.Prod}:assumed-role/SamlChained/chained-e2e", (string?)JsonNode.Parse(botoChained.Stdout)!["arn"]);

        // One sign-in, one AssumeRoleWithSAML: every later use came from Sesame's cache.
        Assert.Single(Sandbox.Sts.Calls.Of("AssumeRoleWithSAML"));
        Assert.Equal(1, Sandbox.Saml.Calls.Count("Login"));
    }

    [Fact]
    public async Task A_second_role_of_the_same_IdP_is_used_with_no_password_no_MFA_and_no_terminal()
    {
        using var home = NewHome();
        home.WriteConfig(SamlProfile("corp", "rsa", SamlOrganisation.Admin) + SamlProfile("corp-reader", "rsa", SamlOrganisation.Reader));
        await LoginAsync(home, "corp", "rsa-password", "--mfa-token", "246810");
        Sandbox.Saml.Calls.Clear();
        Sandbox.Sts.Calls.Clear();

        var reader = await NoTerminal(home, "credential-process", "corp-reader");

        Assert.True(reader.ExitCode == 0, reader.ToString());
        Assert.StartsWith("ASIA", (string?)JsonNode.Parse(reader.Stdout)!["AccessKeyId"], StringComparison.Ordinal);
        Assert.Equal(["SessionReused", "Assertion"], Sandbox.Saml.Calls.Actions);
        var call = Assert.Single(Sandbox.Sts.Calls.Of("AssumeRoleWithSAML"));
        Assert.Equal(SamlOrganisation.Reader, call["RoleArn"]);
        Assert.Equal(string.Empty, reader.Stderr);
    }

    [Fact]
    public async Task A_wrong_password_gives_one_clear_line_and_stores_nothing()
    {
        using var home = NewHome();
        home.WriteConfig(SamlProfile("corp", "alice", SamlOrganisation.Admin));

        var login = await SesameCli.RunAsync(home, environment: null, stdin: "not-the-password\n", "saml", "login", "corp", "--password-stdin");

        Assert.Equal(3, login.ExitCode);
        const string AdfsText = global::Sesame.Sandbox.Identity.SamlIdentityProvider.WrongPasswordText;
        SesameTester.AssertOneLineError(login.Stderr, $"the identity provider at 127.0.0.1 refused the password read from standard input: {AdfsText}");
        Assert.Equal(string.Empty, login.Stdout);
        Assert.Equal(0, Sandbox.Saml.Calls.Count("Assertion"));

        // Nothing was remembered: a use without a terminal fails at once, without reaching the IdP.
        Sandbox.Saml.Calls.Clear();
        var after = await NoTerminal(home, "credential-process", "corp");
        Assert.Equal(9, after.ExitCode);
        Assert.Empty(Sandbox.Saml.Calls.All);
        SecretScan.AssertNoSecrets(login.Stderr + after.Stderr + ReadHome(home), "not-the-password");
    }

    [Fact]
    public async Task No_terminal_and_no_session_fails_at_once_with_the_command_to_run()
    {
        using var home = NewHome();
        home.WriteConfig(SamlProfile("corp", "alice", SamlOrganisation.Admin) + ChainedProfile("chained", "corp"));
        var clock = Stopwatch.StartNew();

        var direct = await NoTerminal(home, "credential-process", "corp");
        var chained = await NoTerminal(home, "export", "chained");
        var status = await NoTerminal(home, "status", "chained");

        Assert.Equal(9, direct.ExitCode);
        SesameTester.AssertOneLineError(direct.Stderr, "run 'sesame saml login corp' in a terminal");
        Assert.Equal(9, chained.ExitCode);
        Assert.Contains("sesame saml login corp", chained.Stderr, StringComparison.Ordinal);
        Assert.Equal(17, status.ExitCode);
        Assert.Contains("needs-saml-login", status.Stdout, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Empty(Sandbox.Saml.Calls.All);
        Assert.Empty(Sandbox.Sts.Calls.All);
    }

    [Fact]
    public async Task Sixteen_concurrent_cold_callers_make_one_sign_in_and_one_AssumeRoleWithSAML()
    {
        using var home = NewHome();
        home.Set("CORP_PASSWORD", SamlOrganisation.Password);
        home.WriteConfig(SamlProfile("corp", "alice", SamlOrganisation.Admin, "sesame_saml_password_process = printf '%s\\n' \"$CORP_PASSWORD\""));

        var runs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => NoTerminal(home, "credential-process", "corp")));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Single(runs.Select(r => (string?)JsonNode.Parse(r.Stdout)!["AccessKeyId"]).Distinct());
        Assert.Single(Sandbox.Sts.Calls.Of("AssumeRoleWithSAML"));
        Assert.Equal(1, Sandbox.Saml.Calls.Count("Login"));
    }

    [Fact]
    public async Task The_password_and_the_IdP_cookies_appear_in_no_output_and_in_no_file_in_plaintext()
    {
        using var home = NewHome();
        home.WriteConfig(SamlProfile("corp", "alice", SamlOrganisation.Admin) + SamlProfile("corp-reader", "alice", SamlOrganisation.Reader));
        var outputs = new List<ProcessResult>
        {
            await LoginAsync(home, "corp", SamlOrganisation.Password, "--store-password"),
            await NoTerminal(home, "credential-process", "corp-reader"),
        };
        var cookies = Sandbox.Saml.SessionTokens;

        // The IdP session ended: the stored password signs in again with nobody there.
        Sandbox.Saml.EndSessions();
        Sandbox.Saml.Calls.Clear();
        await SesameCli.RunAsync(home, "clear", "--all");
        var status = await NoTerminal(home, "status", "corp", "--json");
        outputs.Add(await NoTerminal(home, "credential-process", "corp-reader", "--debug"));
        outputs.Add(await NoTerminal(home, "explain", "corp"));
        outputs.Add(await NoTerminal(home, "list"));

        Assert.All(outputs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Equal(11, status.ExitCode);
        outputs.Add(status);
        Assert.Equal(1, Sandbox.Saml.Calls.Count("Login"));
        Assert.Contains(outputs[0].Stdout.Split('\n'), l => l.StartsWith("The password is kept in the secret store", StringComparison.Ordinal));
        Assert.NotEmpty(cookies);
        SecretScan.AssertNoSecrets(string.Concat(outputs.Select(o => o.Stdout + o.Stderr)) + ReadHome(home), [SamlOrganisation.Password, .. cookies]);
    }

    [Fact]
    public async Task Status_list_explain_and_logout_know_SAML_profiles()
    {
        using var home = NewHome();
        home.WriteConfig(SamlProfile("corp", "alice", SamlOrganisation.Admin) + SamlProfile("corp-reader", "alice", SamlOrganisation.Reader) + ChainedProfile("chained", "corp"));
        Assert.Equal(17, (await NoTerminal(home, "status", "corp")).ExitCode);

        var login = await LoginAsync(home, "corp", SamlOrganisation.Password);
        var valid = await NoTerminal(home, "status", "corp");
        var reader = await NoTerminal(home, "status", "corp-reader");
        var list = await NoTerminal(home, "list");
        var explain = await NoTerminal(home, "explain", "chained");
        var logout = await SesameCli.RunAsync(home, "saml", "logout", "corp");
        var afterLogout = await NoTerminal(home, "status", "corp-reader");

        Assert.Matches(@"^Signed in with SAML for profile 'corp' \(password\); arn:aws:iam::222222222222:role/SamlAdmin\.\nThe session is cached until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(8h\)\.\n$", login.Stdout);
        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.StartsWith("corp: valid: valid until ", valid.Stdout, StringComparison.Ordinal);
        Assert.Equal(11, reader.ExitCode);
        Assert.Matches(@"(?m)^corp\s+saml\s+127\.0\.0\.1:\d+\s", list.Stdout);
        Assert.Matches(@"(?m)^chained\s+role\s+corp\s", list.Stdout);
        Assert.Contains("sign in at 127.0.0.1 and assume a role with the SAML assertion", explain.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"sesame_saml_url\s+= http://127\.0\.0\.1:\d+/adfs/ls/IdpInitiatedSignOn\.aspx\?loginToRp=urn:amazon:webservices\s+~/\.aws/config:3", explain.Stdout);
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Equal("Forgot 1 IdP session, 0 stored passwords and 1 cached session.\n", logout.Stdout);
        Assert.Equal(17, afterLogout.ExitCode);
    }

    [Fact]
    public async Task Headless_chromium_signs_in_for_a_browser_profile_through_the_real_binary()
    {
        var chromium = ExternalTools.Require("chromium", "chromium");
        using var home = NewHome();

        // The person's part (signing in) happened in an earlier sign-in at the same IdP; the browser gets its
        // session, follows the IdP to the ACS, and Sesame captures the SAMLResponse there.
        var wrapper = home.WriteFile("bin/headless-chromium", $"#!/bin/sh\nexec {chromium} --headless=new --no-sandbox --disable-quic \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        home.WriteConfig(SamlProfile("corp", "alice", SamlOrganisation.Admin)
            + SamlProfile("corp-browser", "alice", SamlOrganisation.Reader, $"sesame_saml_provider = browser\nsesame_saml_browser = {wrapper}\nsesame_saml_duration = 1h"));
        await LoginAsync(home, "corp", SamlOrganisation.Password);
        Sandbox.Saml.Calls.Clear();
        Sandbox.Sts.Calls.Clear();

        var run = await NoTerminal(home, "credential-process", "corp-browser");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("ASIA", (string?)JsonNode.Parse(run.Stdout)!["AccessKeyId"], StringComparison.Ordinal);
        Assert.Equal(["SessionReused", "Assertion"], Sandbox.Saml.Calls.Actions);
        Assert.Equal(SamlOrganisation.Reader, Assert.Single(Sandbox.Sts.Calls.Of("AssumeRoleWithSAML"))["RoleArn"]);
    }

    // Every file under the home, as text (the encrypted store included: nothing may be readable in it).
    private static string ReadHome(ClientHome home)
        => string.Join('\n', Directory.EnumerateFiles(home.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => new FileInfo(f).LinkTarget is null)
            .Select(f => f + "\n" + System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));
}
