using Sesame.Core.Aws;
using Sesame.Core.Errors;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Adfs;
using Sesame.Core.Saml.Secrets;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.Saml;

/// <summary>Sesame's AD FS client and SamlSignIn against the sandbox IdP, and AssumeRoleWithSAML against the sandbox STS.</summary>
public sealed class SamlSignInScenarioTests(SamlSandboxFixture fixture) : IClassFixture<SamlSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    private IStsClient Sts() => new StsClientFactory().Create(new AwsEndpoint("us-east-1", Sandbox.Sts.Endpoint.AbsoluteUri, false, false));

    [Fact]
    public async Task Forms_sign_in_gives_roles_and_the_sandbox_STS_issues_credentials_for_the_longest_allowed_session()
    {
        Sandbox.Sts.Calls.Clear();
        var store = new InMemorySecretStore();
        var signIn = new SamlSignIn(SamlOrganisation.Services(store, new ScriptedPasswords(SamlOrganisation.Password)));
        var settings = SamlOrganisation.Profile(Sandbox, "alice", $"sesame_saml_role_arn = {SamlOrganisation.Admin}");

        var result = await signIn.SignInAsync(settings, reuseSession: true, CancellationToken.None);
        var role = SamlSignIn.PickRole(result.Assertion.Roles, settings.RoleArn, null)!;
        var credentials = await SamlSignIn.AssumeRoleAsync(result.Assertion, role, Sts(), settings.DurationSeconds, null, CancellationToken.None);

        Assert.True(result.AskedPassword);
        Assert.Equal([SamlOrganisation.Reader, SamlOrganisation.Admin], result.Assertion.Roles.Select(r => r.RoleArn).Order());
        Assert.Equal(28800, credentials.DurationSeconds);
        Assert.Equal($"arn:aws:sts::{SamlOrganisation.Prod}:assumed-role/SamlAdmin/alice@example.com", credentials.AssumedRoleArn);
        Assert.StartsWith("ASIA", credentials.Credentials.AccessKeyId, StringComparison.Ordinal);
        var call = Assert.Single(Sandbox.Sts.Calls.Of("AssumeRoleWithSAML"));
        Assert.Null(call.AccessKeyId);
        Assert.Equal("28800", call["DurationSeconds"]);
        Assert.Single(new IdpSessionStore(store).List());
    }

    [Fact]
    public async Task A_second_role_within_the_IdP_session_needs_no_password_no_MFA_and_no_terminal()
    {
        var store = new InMemorySecretStore();
        await new SamlSignIn(SamlOrganisation.Services(store, new ScriptedPasswords("rsa-password"), new ScriptedCodes("246810")))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, "rsa"), reuseSession: true, CancellationToken.None);
        Sandbox.Saml.Calls.Clear();

        var again = await new SamlSignIn(SamlOrganisation.Services(store, new ScriptedPasswords(), new NoCodes()))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, "rsa", $"sesame_saml_role_arn = {SamlOrganisation.Reader}"), reuseSession: true, CancellationToken.None);

        Assert.True(again.ReusedSession);
        Assert.Equal(["SessionReused", "Assertion"], Sandbox.Saml.Calls.Actions);
        Assert.Equal(SamlSignInNeed.RememberedSession, new SamlSignIn(SamlOrganisation.Services(store, new ScriptedPasswords())).Assess(SamlOrganisation.Profile(Sandbox, "rsa")));
    }

    [Fact]
    public async Task An_IdP_session_that_ended_asks_for_the_password_again_and_is_remembered_anew()
    {
        var store = new InMemorySecretStore();
        var settings = SamlOrganisation.Profile(Sandbox, "alice");
        await new SamlSignIn(SamlOrganisation.Services(store, new ScriptedPasswords(SamlOrganisation.Password))).SignInAsync(settings, true, CancellationToken.None);
        Sandbox.Saml.EndSessions();
        var passwords = new ScriptedPasswords(SamlOrganisation.Password);

        var again = await new SamlSignIn(SamlOrganisation.Services(store, passwords)).SignInAsync(settings, true, CancellationToken.None);

        Assert.True(again.AskedPassword);
        Assert.Equal(1, passwords.Asked);
        Assert.Single(new IdpSessionStore(store).List());
    }

    [Fact]
    public async Task A_wrong_password_fails_with_the_AD_FS_text_stores_nothing_and_leaks_nothing()
    {
        var store = new InMemorySecretStore();
        var shown = new Shown();
        var signIn = new SamlSignIn(SamlOrganisation.Services(store, new ScriptedPasswords("wrong-password-1", "wrong-password-2"), presenter: shown));

        var error = await Assert.ThrowsAsync<SamlSignInException>(() => signIn.SignInAsync(SamlOrganisation.Profile(Sandbox, "alice"), true, CancellationToken.None));

        Assert.Equal(SamlFailure.Refused, error.Failure);
        Assert.Equal(ExitCodes.CredentialsFailed, error.ExitCode);
        var adfsText = global::Sesame.Sandbox.Identity.SamlIdentityProvider.WrongPasswordText;
        Assert.EndsWith($"refused the sign-in: {adfsText}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(store.List());
        SecretScan.AssertNoSecrets(error.ToString() + string.Join("\n", shown.Lines), "wrong-password-1", "wrong-password-2", SamlOrganisation.Password);
    }

    [Theory]
    [InlineData("rsa", "RSA SecurID passcode")]
    [InlineData("vip", "Symantec VIP security code")]
    [InlineData("safenet", "SafeNet one-time password")]
    [InlineData("azcode", "Azure MFA verification code")]
    public async Task One_time_code_adapters_take_the_code_from_the_code_source(string user, string label)
    {
        var codes = new ScriptedCodes("246810");
        var result = await new SamlSignIn(SamlOrganisation.Services(new InMemorySecretStore(), new ScriptedPasswords($"{user}-password"), codes))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, user), true, CancellationToken.None);

        Assert.True(result.AskedMfa);
        Assert.Equal(label, Assert.Single(codes.Challenges).Label);
        Assert.Equal($"saml:127.0.0.1:EXAMPLE\\{user}", codes.Challenges[0].DeviceId);
    }

    [Fact]
    public async Task A_refused_code_is_asked_once_more_then_the_sign_in_fails_with_the_adapter_text()
    {
        var codes = new ScriptedCodes("111111", "222222");
        var error = await Assert.ThrowsAsync<SamlSignInException>(() => new SamlSignIn(SamlOrganisation.Services(new InMemorySecretStore(), new ScriptedPasswords("rsa-password"), codes))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, "rsa"), true, CancellationToken.None));

        Assert.Equal(SamlFailure.MfaRefused, error.Failure);
        Assert.Contains("The passcode you entered is incorrect", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, codes.Challenges.Count);
        SecretScan.AssertNoSecrets(error.ToString(), "111111", "222222", "rsa-password");
    }

    [Fact]
    public async Task An_Azure_push_shows_the_number_to_match_and_polls_until_approved()
    {
        var shown = new Shown();
        Sandbox.Saml.Calls.Clear();
        var result = await new SamlSignIn(SamlOrganisation.Services(new InMemorySecretStore(), new ScriptedPasswords("azpush-password"), presenter: shown))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, "azpush"), true, CancellationToken.None);

        Assert.True(result.AskedMfa);
        Assert.Contains(shown.Lines, l => l.StartsWith("Enter the number ", StringComparison.Ordinal) && l.Contains("Microsoft Authenticator", StringComparison.Ordinal));
        Assert.Contains(shown.Lines, l => l.Contains("sent a notification", StringComparison.Ordinal));
        Assert.Equal(2, Sandbox.Saml.Calls.Count("MfaPending"));
        Assert.Equal(1, Sandbox.Saml.Calls.Count("MfaPassed"));
    }

    [Fact]
    public async Task A_denied_push_is_an_MFA_refusal()
    {
        var error = await Assert.ThrowsAsync<SamlSignInException>(() => new SamlSignIn(SamlOrganisation.Services(new InMemorySecretStore(), new ScriptedPasswords("azdeny-password")))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, "azdeny"), true, CancellationToken.None));
        Assert.Equal(SamlFailure.MfaRefused, error.Failure);
        Assert.Contains("denied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_adapter_is_named()
    {
        var error = await Assert.ThrowsAsync<SamlSignInException>(() => new SamlSignIn(SamlOrganisation.Services(new InMemorySecretStore(), new ScriptedPasswords("duo-password")))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, "duo"), true, CancellationToken.None));
        Assert.Equal(SamlFailure.UnknownAdapter, error.Failure);
        Assert.Contains("'DuoAdfsAdapter'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duration_above_the_role_maximum_is_retried_with_one_hour_against_the_sandbox_STS()
    {
        var assertion = (await new SamlSignIn(SamlOrganisation.Services(new InMemorySecretStore(), new ScriptedPasswords(SamlOrganisation.Password)))
            .SignInAsync(SamlOrganisation.Profile(Sandbox, "alice"), true, CancellationToken.None)).Assertion;
        Sandbox.Sts.Calls.Clear();
        var reader = Assert.Single(assertion.Roles, r => r.RoleArn == SamlOrganisation.Reader);

        var credentials = await SamlSignIn.AssumeRoleAsync(assertion, reader, Sts(), null, null, CancellationToken.None);

        Assert.True(credentials.DurationReduced);
        Assert.Equal(3600, credentials.DurationSeconds);
        var calls = Sandbox.Sts.Calls.Of("AssumeRoleWithSAML");
        Assert.Equal(["28800", "3600"], calls.Select(c => c["DurationSeconds"]));
        Assert.Equal("ValidationError", calls[0].ErrorCode);
    }

    [Fact]
    public async Task Account_names_come_from_the_AWS_sign_in_stand_in()
    {
        var settings = SamlOrganisation.Profile(Sandbox, "alice");
        var signIn = new SamlSignIn(SamlOrganisation.Services(new InMemorySecretStore(), new ScriptedPasswords(SamlOrganisation.Password)));
        var assertion = (await signIn.SignInAsync(settings, true, CancellationToken.None)).Assertion;

        var names = await signIn.AccountNamesAsync(settings, assertion, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { [SamlOrganisation.Dev] = "dev", [SamlOrganisation.Prod] = "prod" }, names.ToDictionary());
    }

    [Fact]
    public async Task Integrated_Windows_authentication_without_a_Kerberos_ticket_fails_with_what_to_do()
    {
        Sandbox.Saml.Calls.Clear();
        var client = new AdfsClient(new AdfsClientOptions { SignOnUrl = Sandbox.Saml.SignOnUrl, IntegratedWindowsAuthentication = true }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<SamlSignInException>(() => client.SignInAsync(
            new AdfsSignInRequest(string.Empty, new ScriptedPasswords(), new NoCodes(), NullSamlSignInPresenter.Instance, "x"), new IdpCookieJar(), CancellationToken.None));

        Assert.Equal(SamlFailure.IntegratedAuthentication, error.Failure);
        Assert.Contains("Negotiate", error.Message, StringComparison.Ordinal);
        Assert.Contains("kinit", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(Sandbox.Saml.Calls.Of("IntegratedChallenge"));
    }
}
