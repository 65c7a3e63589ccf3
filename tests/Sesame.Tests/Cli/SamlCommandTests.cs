using Sesame.Core.Aws;
using Sesame.Tests.Saml;
using Sesame.Testing;

namespace Sesame.Tests.Cli;

/// <summary>
/// <c>configure saml</c>, <c>saml login</c>, <c>saml logout</c> and the SAML side of the credential, status, list and
/// explain commands, in process: a scripted AD FS (forms login, "Working..." page), a scripted STS, every other seam a fake.
/// </summary>
public sealed class SamlCommandTests : IDisposable
{
    private const string Password = "pa$$ word ü&=";
    private const string Url = "https://adfs.example.com";

    private readonly SesameTester _cli = new();
    private readonly FakeSamlSts _sts;

    public SamlCommandTests()
    {
        _sts = new FakeSamlSts(_cli.Time) { RoleMaximum = 43200 };
        _cli.Sts = () => new StsFactory(_sts);
    }

    public void Dispose() => _cli.Dispose();

    private static string Profile(string name, string role = TestAssertions.Role1, string extra = "") => $"""
        [profile {name}]
        sesame_saml_url = {Url}
        sesame_saml_username = EXAMPLE\alice
        sesame_saml_role_arn = {role}
        credential_process = sesame credential-process {name}
        {extra}

        """;

    /// <summary>AD FS: the sign-on page asks for the password unless the session cookie is sent; the AWS sign-in page names the accounts.</summary>
    private FakeIdp Idp(string password = Password, IEnumerable<string>? roles = null)
    {
        var idp = new FakeIdp((request, _) =>
        {
            if (request.Uri.Host == "signin.aws.amazon.com")
            {
                return FakeIdp.Html("""<div class="saml-account-name">Account: build (111122223333)</div><div class="saml-account-name">Account: data (444455556666)</div>""");
            }

            var assertion = TestAssertions.Build(roles, notOnOrAfter: _cli.Time.GetUtcNow().AddMinutes(5));
            if (request.Cookie?.Contains("MSISAuth=session-1", StringComparison.Ordinal) == true)
            {
                return FakeIdp.Html(Working(assertion));
            }

            return request.Method == HttpMethod.Post && Fields(request.Body).GetValueOrDefault("Password") == password
                ? FakeIdp.Html(Working(assertion), 200, ("Set-Cookie", "MSISAuth=session-1; path=/adfs; secure; HttpOnly"))
                : FakeIdp.Html(LoginPage(request.Method == HttpMethod.Post ? "Incorrect user ID or password." : string.Empty));
        });
        _cli.Http = idp;
        return idp;
    }

    private static Dictionary<string, string> Fields(string body)
        => body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);

    private static string LoginPage(string error) => $"""
        <html><body><form method="post" id="loginForm" action="/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices">
        <label id="errorText" for="">{error}</label>
        <input id="userNameInput" name="UserName" type="email" value="" /><input id="passwordInput" name="Password" type="password" />
        <input id="optionForms" type="hidden" name="AuthMethod" value="FormsAuthentication" />
        </form></body></html>
        """;

    private static string Working(string saml) => $"<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" action=\"https://signin.aws.amazon.com:443/saml\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{saml}\" /></form></body></html>";

    [Fact]
    public void Configure_saml_with_flags_writes_the_keys_and_credential_process_keeps_every_other_line_and_asks_nothing()
    {
        _cli.WithConfig("# my profiles\n[default]\nregion = eu-west-1 # home\n");

        var run = _cli.Run("configure", "saml", "corp", "--url", "adfs.example.com", "--username", "EXAMPLE\\alice", "--role-arn", TestAssertions.Role1, "--duration", "8h", "--region", "eu-central-1");
        var again = _cli.Run("configure", "saml", "corp", "--url", "adfs.example.com", "--username", "EXAMPLE\\alice", "--role-arn", TestAssertions.Role1, "--duration", "8h", "--region", "eu-central-1");

        Assert.Equal(0, run.Exit);
        Assert.Equal($"""
            # my profiles
            [default]
            region = eu-west-1 # home

            [profile corp]
            sesame_saml_url = adfs.example.com
            sesame_saml_username = EXAMPLE\alice
            sesame_saml_role_arn = {TestAssertions.Role1}
            sesame_saml_duration = 8h
            region = eu-central-1
            credential_process = sesame credential-process corp

            """, File.ReadAllText(_cli.ConfigPath));
        Assert.Equal($"Profile 'corp' ({TestAssertions.Role1}) written to ~/.aws/config.\nTry it: sesame exec corp -- aws sts get-caller-identity\n", run.Out);
        Assert.Equal(0, again.Exit);
        Assert.Empty(_cli.Console.Questions);
    }

    [Theory]
    [InlineData("--duration", "5m", "--duration '5m' is not a duration from 900 seconds to 12 hours")]
    [InlineData("--role-arn", "arn:aws:iam::111122223333:user/alice", "sesame_saml_role_arn: 'arn:aws:iam::111122223333:user/alice' is not an ARN containing ':role/'")]
    [InlineData("--url", "http://adfs.example.com", "is plain http; a password is sent there")]
    public void Configure_saml_refuses_bad_values_before_writing_anything(string option, string value, string message)
    {
        var arguments = new Dictionary<string, string> { ["--url"] = Url, ["--username"] = "alice", ["--role-arn"] = TestAssertions.Role1, [option] = value };

        var run = _cli.Run(["configure", "saml", "corp", .. arguments.SelectMany(p => new[] { p.Key, p.Value })]);

        Assert.Equal(2, run.Exit);
        SesameTester.AssertOneLineError(run.Err, message);
        Assert.False(File.Exists(_cli.ConfigPath) && File.ReadAllText(_cli.ConfigPath).Contains("corp", StringComparison.Ordinal));
    }

    [Fact]
    public void Configure_saml_without_a_terminal_names_the_flags_it_needs()
    {
        var run = _cli.Run("configure", "saml", "corp", "--url", Url);

        Assert.Equal(4, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "configure saml needs --url, --username and --role-arn when there is no terminal to ask on");
    }

    [Fact]
    public void Configure_saml_interactively_signs_in_and_offers_the_roles_with_their_account_names()
    {
        var idp = Idp();
        _cli.Console = new ScriptedConsole().Answer(Url, "EXAMPLE\\alice", "data", "eu-west-1");
        _cli.NewTerminal(Password);

        var run = _cli.Run("configure", "saml", "corp");

        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("Role (2 offered): build (111122223333): Deploy | data (444455556666): ReadOnly", _cli.Console.Questions, StringComparer.Ordinal);
        var config = File.ReadAllText(_cli.ConfigPath);
        Assert.Contains($"sesame_saml_role_arn = {TestAssertions.Role2}\nsesame_saml_principal_arn = {TestAssertions.Provider2}\nregion = eu-west-1\ncredential_process = sesame credential-process corp\n", config, StringComparison.Ordinal);
        Assert.Contains(idp.Requests, r => r.Uri.Host == "signin.aws.amazon.com");
        _cli.AssertNothingLeaked(Password, "session-1");
    }

    [Fact]
    public void Configure_saml_from_aws_adfs_converts_the_profile_and_removes_only_its_temporary_keys()
    {
        _cli.WithConfig("""
            [profile corp]
            region = eu-west-1
            adfs_config.adfs_host = adfs.example.com
            adfs_config.adfs_user = EXAMPLE\alice
            adfs_config.role_arn = arn:aws:iam::111122223333:role/Deploy
            adfs_config.session_duration = 28800
            adfs_config.ssl_verification = False

            """);
        _cli.WithCredentials("""
            # written by aws-adfs
            [corp]
            aws_access_key_id = ASIAADFSEXAMPLE
            aws_secret_access_key = temporary-secret
            aws_session_token = temporary-token

            [other]
            aws_access_key_id = AKIAOTHEREXAMPLE
            aws_secret_access_key = other-secret

            """);

        var run = _cli.Run("configure", "saml", "corp", "--from-aws-adfs", "corp");

        Assert.True(run.Exit == 0, run.Err);
        var config = File.ReadAllText(_cli.ConfigPath);
        Assert.Contains("adfs_config.ssl_verification = False\nsesame_saml_url = https://adfs.example.com\nsesame_saml_username = EXAMPLE\\alice\nsesame_saml_role_arn = arn:aws:iam::111122223333:role/Deploy\nsesame_saml_duration = 28800\ncredential_process = sesame credential-process corp\n", config, StringComparison.Ordinal);
        Assert.Equal("# written by aws-adfs\n[corp]\n\n[other]\naws_access_key_id = AKIAOTHEREXAMPLE\naws_secret_access_key = other-secret\n", File.ReadAllText(_cli.CredentialsPath));
        Assert.Contains("Its temporary keys were removed from ~/.aws/credentials", run.Out, StringComparison.Ordinal);
        Assert.Equal("sesame: warning: aws-adfs did not verify TLS for 'corp' (adfs_config.ssl_verification = False); Sesame always does\n", run.Err);
        Assert.Contains("[saml] corp: sign in at adfs.example.com", _cli.Run("explain", "corp").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_saml_from_saml2aws_reads_the_named_account()
    {
        File.WriteAllText(Path.Combine(_cli.Home, ".saml2aws"), """
            [default]
            url = https://adfs.example.com
            username = alice@example.com
            provider = ADFS
            mfa = Auto

            [okta]
            url = https://example.okta.com/home/amazon_aws/0oa1/272
            username = alice@example.com
            provider = Okta
            role_arn = arn:aws:iam::111122223333:role/Deploy
            aws_session_duration = 3600
            region = us-west-2
            """);

        var run = _cli.Run("configure", "saml", "okta", "--from-saml2aws", "okta");

        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("[profile okta]\nsesame_saml_url = https://example.okta.com/home/amazon_aws/0oa1/272\nsesame_saml_username = alice@example.com\nsesame_saml_role_arn = arn:aws:iam::111122223333:role/Deploy\nsesame_saml_provider = browser\nsesame_saml_duration = 3600\nregion = us-west-2\n", File.ReadAllText(_cli.ConfigPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Saml_login_with_the_password_on_stdin_caches_the_session_and_credential_commands_then_reach_nobody()
    {
        _cli.WithConfig(Profile("corp") + "[profile chained]\nrole_arn = arn:aws:iam::111122223333:role/Other\nsource_profile = corp\n");
        var idp = Idp();

        var login = _cli.RunWithInput(Password + "\n", "saml", "login", "corp", "--password-stdin");
        var requests = idp.Requests.Count;
        var process = _cli.Run("credential-process", "corp");
        var status = _cli.Run("status", "corp");

        Assert.True(login.Exit == 0, login.Err);
        Assert.Equal($"Signed in with SAML for profile 'corp' (password); {TestAssertions.Role1}.\nThe session is cached until 2026-11-21 13:00:15Z (1h).\n", login.Out);
        Assert.Equal(0, process.Exit);
        Assert.Contains("\"AccessKeyId\": \"ASIASAML\"", process.Out, StringComparison.Ordinal);
        Assert.Equal(requests, idp.Requests.Count);
        Assert.Single(_sts.Calls);
        Assert.Equal(0, status.Exit);
        Assert.Equal(11, _cli.Run("status", "chained").Exit);
        _cli.AssertNothingLeaked(Password, "session-1");
    }

    [Fact]
    public void After_the_AWS_session_expires_the_remembered_IdP_session_renews_it_without_a_person()
    {
        _cli.WithConfig(Profile("corp") + Profile("reader", TestAssertions.Role2));
        var idp = Idp();
        Assert.Equal(0, _cli.RunWithInput(Password + "\n", "saml", "login", "corp", "--password-stdin").Exit);
        Assert.Equal(11, _cli.Run("status", "reader").Exit);

        _cli.Time.Advance(TimeSpan.FromHours(2));
        var process = _cli.Run("credential-process", "corp");
        var reader = _cli.Run("credential-process", "reader");

        Assert.True(process.Exit == 0, process.Err);
        Assert.True(reader.Exit == 0, reader.Err);
        Assert.Equal(3, _sts.Calls.Count);
        Assert.Equal(1, idp.Requests.Count(r => r.Method == HttpMethod.Post));
    }

    [Fact]
    public void Without_a_terminal_or_a_remembered_sign_in_credential_commands_fail_at_once_with_exit_9_and_reach_nobody()
    {
        _cli.WithConfig(Profile("corp"));

        var run = _cli.Run("credential-process", "corp");
        var status = _cli.Run("status", "corp");

        Assert.Equal(9, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "profile 'corp': signing in at adfs.example.com needs a password, and no sign-in there is remembered; run 'sesame saml login corp' in a terminal");
        Assert.Equal(17, status.Exit);
        Assert.Equal("corp: needs-saml-login: the SAML sign-in at adfs.example.com needs a password: run 'sesame saml login corp'\n", status.Out);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public void Several_roles_and_none_configured_are_picked_on_the_terminal_or_fail_without_one()
    {
        _cli.WithConfig(Profile("corp").Replace($"sesame_saml_role_arn = {TestAssertions.Role1}\n", string.Empty, StringComparison.Ordinal));
        Idp();
        Assert.Equal(0, _cli.RunWithInput(Password + "\n", "saml", "login", "corp", "--password-stdin", "--role-arn", TestAssertions.Role2).Exit);
        _cli.Time.Advance(TimeSpan.FromHours(2));

        var without = _cli.Run("credential-process", "corp");
        _cli.NewTerminal("2");
        var with = _cli.Run("credential-process", "corp");

        Assert.Equal(9, without.Exit);
        SesameTester.AssertOneLineError(without.Err, "the identity provider offers 2 roles and the profile names none (sesame_saml_role_arn)");
        Assert.True(with.Exit == 0, with.Err);
        Assert.Contains($"  2) {TestAssertions.Role2}", _cli.Terminal.Transcript, StringComparison.Ordinal);
        Assert.Equal([TestAssertions.Role2, TestAssertions.Role2], _sts.Calls.Select(c => c.Role));
    }

    [Fact]
    public void Saml_login_refuses_a_profile_that_is_not_SAML_and_a_role_other_than_the_profiles()
    {
        _cli.WithConfig(Profile("corp") + "[profile keys]\naws_access_key_id = AKIAEXAMPLEEXAMPLE1\naws_secret_access_key = s\n");

        var notSaml = _cli.Run("saml", "login", "keys");
        var otherRole = _cli.Run("saml", "login", "corp", "--role-arn", TestAssertions.Role2);

        Assert.Equal(2, notSaml.Exit);
        SesameTester.AssertOneLineError(notSaml.Err, "profile 'keys' does not sign in with SAML (no sesame_saml_url in it or its source profiles); set it up with 'sesame configure saml keys'");
        Assert.Equal(2, otherRole.Exit);
        SesameTester.AssertOneLineError(otherRole.Err, $"<HOME>/.aws/config:4: profile 'corp' is set to {TestAssertions.Role1}");
    }

    [Fact]
    public void A_wrong_password_on_stdin_is_one_line_with_the_IdPs_words_and_nothing_is_remembered()
    {
        _cli.WithConfig(Profile("corp"));
        Idp();

        var run = _cli.RunWithInput("wrong\n", "saml", "login", "corp", "--password-stdin", "--store-password");

        Assert.Equal(3, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "the identity provider at adfs.example.com refused the password read from standard input: Incorrect user ID or password.");
        Assert.Equal(9, _cli.Run("credential-process", "corp").Exit);
        Assert.Equal("Forgot 0 IdP sessions, 0 stored passwords and 0 cached sessions.\n", _cli.Run("saml", "logout", "--all").Out);
    }

    [Fact]
    public void Saml_logout_forgets_the_IdP_session_the_stored_password_and_the_sessions_of_every_profile_of_that_IdP()
    {
        _cli.WithConfig(Profile("corp") + Profile("reader", TestAssertions.Role2) + "[profile chained]\nrole_arn = arn:aws:iam::111122223333:role/Other\nsource_profile = corp\n");
        Idp();
        Assert.Equal(0, _cli.RunWithInput(Password + "\n", "saml", "login", "corp", "--password-stdin", "--store-password").Exit);
        Assert.Equal(0, _cli.Run("credential-process", "reader").Exit);

        var neither = _cli.Run("saml", "logout");
        var logout = _cli.Run("saml", "logout", "reader");

        Assert.Equal(2, neither.Exit);
        SesameTester.AssertOneLineError(neither.Err, "name a profile, or pass --all");
        Assert.True(logout.Exit == 0, logout.Err);
        Assert.Equal("Forgot 1 IdP session, 1 stored password and 2 cached sessions.\n", logout.Out);
        Assert.Equal(17, _cli.Run("status", "corp").Exit);
    }

    [Fact]
    public void List_shows_kind_saml_and_explain_notes_a_profile_written_by_aws_adfs()
    {
        _cli.WithConfig(Profile("corp") + "[profile legacy]\nadfs_config.adfs_host = adfs.example.com\nadfs_config.adfs_user = alice\n");
        _cli.WithCredentials("[legacy]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = s\naws_session_token = t\n");

        var list = _cli.Run("list");
        var explain = _cli.Run("explain", "legacy");
        var explainCorp = _cli.Run("explain", "corp");

        Assert.Matches(@"(?m)^corp\s+saml\s+adfs\.example\.com\s+-\s+~/\.aws/config:1$", list.Out);
        Assert.Contains("~/.aws/config:8  profile 'legacy' was written by aws-adfs (adfs_config.* keys): its keys are temporary and only renewed by 'aws-adfs login'; 'sesame configure saml legacy --from-aws-adfs legacy' makes Sesame sign in for it", explain.Out, StringComparison.Ordinal);
        Assert.Contains("credential_process = sesame credential-process corp: for the AWS CLI and SDKs; Sesame itself signs in with the sesame_saml_* settings", explainCorp.Out, StringComparison.Ordinal);
    }

    private sealed class StsFactory(IStsClient client) : IStsClientFactory
    {
        public IStsClient Create(AwsEndpoint endpoint) => client;
    }
}
