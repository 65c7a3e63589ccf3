using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Cli.Sso;

public sealed class SsoCommandTests : IDisposable
{
    private const string Existing = """
        # company settings, keep me
        [default]
        region = eu-west-1  # home

        [profile other]
        role_arn = arn:aws:iam::123456789012:role/Other
        source_profile = default

        """;

    private readonly SsoCliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Configure_sso_asks_signs_in_lets_you_pick_and_writes_session_and_profile_keeping_every_other_line()
    {
        _cli.WithConfig(Existing);
        _cli.Console.Answer("corp", "https://d-1234567890.awsapps.com/start", "eu-central-1", "", "Account 01", "Admin", "");

        var (code, output, error) = _cli.Run("configure", "sso", "dev");

        Assert.True(code == 0, error + _cli.Console.Transcript);
        Assert.Equal(
            Existing + """

            [sso-session corp]
            sso_start_url = https://d-1234567890.awsapps.com/start
            sso_region = eu-central-1
            sso_registration_scopes = sso:account:access

            [profile dev]
            sso_session = corp
            sso_account_id = 100000000001
            sso_role_name = Admin
            region = eu-central-1

            """,
            File.ReadAllText(_cli.ConfigPath));
        Assert.Contains("Account (3 available): Account 00 (100000000000), a0@example.com | Account 01 (100000000001), a1@example.com | Account 02 (100000000002), a2@example.com", _cli.Console.Questions);
        Assert.Contains("Role (2 available): Admin | ReadOnly", _cli.Console.Questions);
        Assert.Equal("Profile 'dev' (Admin in Account 01, 100000000001) written to ~/.aws/config.\nTry it: sesame exec dev -- aws sts get-caller-identity\n", output);
        Assert.Single(_cli.Browser.Opened);
        Assert.True(File.Exists(Path.Combine(_cli.Home, ".aws", "sso", "cache", SsoTokenCache.FileName("corp"))));
        SecretScan.AssertNoSecrets(output + error + _cli.Console.Transcript, SsoCliHarness.AccessToken, SsoCliHarness.RefreshToken, "client-secret-EXAMPLE-1");
    }

    [Fact]
    public void Configure_sso_again_reuses_the_token_and_offers_the_existing_values()
    {
        _cli.Portal.Accounts = [_cli.Portal.Accounts[0]];
        _cli.Portal.Roles = ["ReadOnly"];
        _cli.Console.Answer("corp", "https://d-1234567890.awsapps.com/start", "eu-central-1", "", "");
        Assert.Equal(0, _cli.Run("configure", "sso", "dev").ExitCode);
        var first = File.ReadAllText(_cli.ConfigPath);
        _cli.Console.Questions.Clear();
        _cli.Console.Answer("", "", "", "", "");

        var (code, _, error) = _cli.Run("configure", "sso", "dev");

        Assert.True(code == 0, error);
        Assert.Equal(first, File.ReadAllText(_cli.ConfigPath));
        Assert.Equal(
            ["SSO session name [corp]", "SSO start URL [https://d-1234567890.awsapps.com/start]", "SSO region [eu-central-1]", "SSO registration scopes [sso:account:access]", "Default region for the profile [eu-central-1]"],
            _cli.Console.Questions);
        Assert.Single(_cli.Browser.Opened);
        Assert.Contains("Account: Account 00 (100000000000), a0@example.com (the only one available)", _cli.Console.Lines);
    }

    [Fact]
    public void Configure_sso_without_a_terminal_fails_with_exit_4_and_writes_nothing()
    {
        _cli.WithConfig(Existing);
        _cli.Console.IsInteractive = false;

        var (code, _, error) = _cli.Run("configure", "sso", "dev");

        Assert.Equal(4, code);
        Assert.StartsWith("sesame: error: Sesame needs to ask \"SSO session name\"", error, StringComparison.Ordinal);
        Assert.Equal(Existing, File.ReadAllText(_cli.ConfigPath));
    }

    [Fact]
    public void Sso_login_by_profile_and_status_before_and_after()
    {
        _cli.WithConfig(Existing + "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n\n[profile dev]\nsso_session = corp\nsso_account_id = 100000000001\nsso_role_name = Admin\n");
        Assert.Equal(13, _cli.Run("status", "dev").ExitCode);

        var (code, output, error) = _cli.Run("sso", "login", "--profile", "dev");

        Assert.True(code == 0, error);
        Assert.StartsWith("Signed in to IAM Identity Center 'corp'; the token is valid until ", output, StringComparison.Ordinal);
        Assert.Contains("It is renewed without a browser until the client registration expires (2027-03-01T00:00:00Z).", output, StringComparison.Ordinal);
        Assert.Contains(_cli.Console.Lines, l => l.StartsWith("  " + FakeOidcEndpoint + "/authorize?", StringComparison.Ordinal));
        Assert.Equal(11, _cli.Run("status", "dev").ExitCode);
        SecretScan.AssertNoSecrets(output + error + _cli.Console.Transcript, SsoCliHarness.AccessToken, SsoCliHarness.RefreshToken);
    }

    [Fact]
    public void Sso_login_with_several_sessions_and_no_name_says_which_to_pick()
    {
        _cli.WithConfig("[sso-session a]\nsso_start_url = https://a.awsapps.com/start\nsso_region = eu-west-1\n\n[sso-session b]\nsso_start_url = https://b.awsapps.com/start\nsso_region = eu-west-1\n");

        var (code, _, error) = _cli.Run("sso", "login");

        Assert.Equal(2, code);
        Assert.Equal("sesame: error: several sso-sessions are configured (a, b); name one with --sso-session\n", error);
    }

    [Fact]
    public void Populate_with_an_unknown_session_names_the_known_ones()
    {
        _cli.WithConfig("[sso-session corp]\nsso_start_url = https://a.awsapps.com/start\nsso_region = eu-west-1\n");

        var (code, _, error) = _cli.Run("sso", "populate", "--sso-session", "crop");

        Assert.Equal(2, code);
        Assert.Equal("sesame: error: there is no [sso-session crop] section in the AWS config file (known: corp)\n", error);
    }

    private const string FakeOidcEndpoint = Sesame.Tests.Sso.FakeOidc.Endpoint;
}
