using Sesame.Core.Saml;
using Sesame.Core.Saml.Browser;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.Saml;

/// <summary>
/// Browser sign-in with Debian's chromium, headless, against the sandbox IdP: the person's part (typing into the
/// IdP's form) is played by a script; the SAMLResponse post to the ACS is captured and never reaches it.
/// </summary>
public sealed class SamlBrowserScenarioTests(SamlSandboxFixture fixture) : IClassFixture<SamlSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    private const string FillLoginForm = """
        new Promise(resolve => {
          const started = Date.now();
          const timer = setInterval(() => {
            const form = document.getElementById('loginForm');
            if (form) {
              clearInterval(timer);
              form.elements['UserName'].value = 'EXAMPLE\\alice';
              form.elements['Password'].value = 'PASSWORD';
              setTimeout(() => form.submit(), 0);
              resolve('submitted');
            } else if (Date.now() - started > 10000) {
              clearInterval(timer);
              resolve('no form');
            }
          }, 50);
        })
        """;

    private ChromiumSamlSource Browser(bool signIn, List<string>? answers = null) => new(new ChromiumOptions
    {
        ExecutablePath = ExternalTools.Require("chromium", "chromium"),
        Headless = true,
        // Root in a container: Chromium's sandbox cannot start (the probe notes' flags).
        ExtraArguments = ["--no-sandbox", "--disable-quic"],
        ExtraAcsPatterns = [$"http://127.0.0.1:{Sandbox.Saml.SignOnUrl.Port}/saml*"],
        Timeout = TimeSpan.FromSeconds(60),
        Automation = signIn
            ? async (evaluate, ct) =>
            {
                var answer = await evaluate(FillLoginForm.Replace("PASSWORD", SamlOrganisation.Password.Replace("'", "\\'", StringComparison.Ordinal), StringComparison.Ordinal), ct);
                answers?.Add(answer ?? "null");
            }
            : null,
    }, TimeProvider.System);

    [Fact]
    public async Task The_SAMLResponse_posted_to_the_ACS_is_captured_in_headless_chromium_and_never_sent()
    {
        Sandbox.Saml.Calls.Clear();
        var answers = new List<string>();

        var result = await Browser(signIn: true, answers).SignInAsync(new BrowserSignInRequest(Sandbox.Saml.SignOnUrl, [], null), CancellationToken.None);

        Assert.Equal(["submitted"], answers);
        var assertion = SamlAssertion.Parse(result.SamlResponse);
        Assert.Contains(assertion.Roles, r => r.RoleArn == SamlOrganisation.Admin);
        Assert.Equal(0, Sandbox.Saml.Calls.Count("AcsPost"));
        Assert.Equal(1, Sandbox.Saml.Calls.Count("Login"));
        Assert.Contains(result.Cookies, c => c.Name == global::Sesame.Sandbox.Identity.SamlIdentityProvider.SessionCookie);
        SecretScan.AssertNoSecrets(result.ToString(), result.SamlResponse, SamlOrganisation.Password);
    }

    [Fact]
    public async Task A_remembered_browser_session_signs_in_without_anyone_typing()
    {
        var store = new InMemorySecretStore();
        var settings = SamlOrganisation.Profile(Sandbox, "alice", "sesame_saml_provider = browser");
        var first = SamlOrganisation.Services(store, new ScriptedPasswords()) with { Browser = Browser(signIn: true) };
        await new SamlSignIn(first).SignInAsync(settings, reuseSession: true, CancellationToken.None);
        Assert.Single(new IdpSessionStore(store).List());
        Sandbox.Saml.Calls.Clear();

        var second = SamlOrganisation.Services(store, new ScriptedPasswords()) with { Browser = Browser(signIn: false) };
        var result = await new SamlSignIn(second).SignInAsync(settings, reuseSession: true, CancellationToken.None);

        Assert.Contains(result.Assertion.Roles, r => r.RoleArn == SamlOrganisation.Reader);
        Assert.Equal(["SessionReused", "Assertion"], Sandbox.Saml.Calls.Actions);
    }

    [Fact]
    public async Task A_browser_that_cannot_start_is_a_clear_error()
    {
        var source = new ChromiumSamlSource(new ChromiumOptions { ExecutablePath = "/bin/false", StartTimeout = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        var error = await Assert.ThrowsAsync<SamlSignInException>(() => source.SignInAsync(new BrowserSignInRequest(Sandbox.Saml.SignOnUrl, [], null), CancellationToken.None));
        Assert.Equal(SamlFailure.Browser, error.Failure);
        Assert.Contains("before opening its DevTools port", error.Message, StringComparison.Ordinal);
    }
}
