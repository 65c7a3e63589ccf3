using Sesame.Core.Saml;
using Sesame.Core.Saml.Adfs;
using Sesame.Testing;

namespace Sesame.Tests.Saml;

public sealed class AdfsClientTests
{
    private const string Password = "correct horse battery staple ü&=";
    private static readonly Uri SignOn = new("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices");

    private static string LoginPage(string error = "") => $"""
        <html><body><form method="post" id="loginForm" action="/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices&amp;client-request-id=1">
        <label id="errorText" for="">{error}</label>
        <input id="userNameInput" name="UserName" type="email" value="" /><input id="passwordInput" name="Password" type="password" />
        <input id="kmsiInput" type="checkbox" name="Kmsi" value="true" /><input id="optionForms" type="hidden" name="AuthMethod" value="FormsAuthentication" />
        </form></body></html>
        """;

    private static string Working(string saml) => $"<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" action=\"https://signin.aws.amazon.com:443/saml\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{saml}\" /></form></body></html>";

    private static AdfsSignInRequest Request(ListPasswords? passwords = null, ListCodes? codes = null, RecordingPresenter? presenter = null)
        => new("EXAMPLE\\alice", passwords ?? new ListPasswords(Password), codes ?? new ListCodes("123456"), presenter ?? new RecordingPresenter(), "saml:adfs.example.com:alice");

    private static AdfsClient Client(FakeIdp idp, TimeProvider? time = null)
        => new(new AdfsClientOptions { SignOnUrl = SignOn, Handler = idp, PollInterval = TimeSpan.FromSeconds(2), MfaTimeout = TimeSpan.FromSeconds(30) }, time ?? TimeProvider.System);

    [Fact]
    public async Task Forms_sign_in_follows_redirects_keeps_every_cookie_and_posts_the_AD_FS_fields()
    {
        var saml = TestAssertions.Build();
        var idp = new FakeIdp((request, n) => n switch
        {
            1 => FakeIdp.Redirect("/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices&client-request-id=1", ("Set-Cookie", "MSISSamlRequest=abc; path=/adfs; secure; HttpOnly")),
            2 => FakeIdp.Html(LoginPage()),
            _ => FakeIdp.Html(Working(saml), 200, ("Set-Cookie", "MSISAuth=session-cookie-value; path=/adfs; secure; HttpOnly")),
        });
        var jar = new IdpCookieJar();

        var result = await Client(idp).SignInAsync(Request(), jar, CancellationToken.None);

        Assert.Equal(saml, result.Assertion.Base64);
        Assert.True(result.AskedPassword);
        Assert.False(result.ReusedSession);
        Assert.Equal("MSISSamlRequest=abc", idp.Requests[1].Cookie);
        var post = idp.Requests[2];
        Assert.Equal(HttpMethod.Post, post.Method);
        Assert.Contains("client-request-id=1", post.Uri.Query, StringComparison.Ordinal);
        Assert.Equal("MSISSamlRequest=abc", post.Cookie);
        var fields = post.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal("EXAMPLE\\alice", fields["UserName"]);
        Assert.Equal(Password, fields["Password"]);
        Assert.Equal("FormsAuthentication", fields["AuthMethod"]);
        Assert.Equal("true", fields["Kmsi"]);
        Assert.Equal(["MSISAuth", "MSISSamlRequest"], jar.Export(DateTimeOffset.UtcNow).Select(c => c.Name).Order());
        Assert.Equal(AdfsClient.FormsUserAgent, post.UserAgent);
    }

    [Fact]
    public async Task A_remembered_session_needs_no_password()
    {
        var idp = new FakeIdp((request, _) => request.Cookie?.Contains("MSISAuth=s1", StringComparison.Ordinal) == true ? FakeIdp.Html(Working(TestAssertions.Build())) : FakeIdp.Html(LoginPage()));
        var jar = new IdpCookieJar([new IdpCookie("MSISAuth", "s1", "adfs.example.com", "/adfs", null, true, true)], DateTimeOffset.UtcNow);
        var passwords = new ListPasswords();

        var result = await Client(idp).SignInAsync(Request(passwords), jar, CancellationToken.None);

        Assert.True(result.ReusedSession);
        Assert.Empty(passwords.Requests);
        Assert.Single(idp.Requests);
    }

    [Fact]
    public async Task A_refused_password_is_asked_once_more_then_the_IdP_text_is_the_error_without_any_secret()
    {
        var idp = new FakeIdp((request, n) => FakeIdp.Html(n == 1 ? LoginPage() : LoginPage("Incorrect user ID or password.\u001b]0;pwned\u0007 Type the correct user ID and password, and try again.")));
        var passwords = new ListPasswords("first-wrong-password", "second-wrong-password");
        var presenter = new RecordingPresenter();

        var error = await Assert.ThrowsAsync<SamlSignInException>(() => Client(idp).SignInAsync(Request(passwords, presenter: presenter), new IdpCookieJar(), CancellationToken.None));

        Assert.Equal(SamlFailure.Refused, error.Failure);
        Assert.Equal("the identity provider at https://adfs.example.com refused the sign-in: Incorrect user ID or password. ]0;pwned Type the correct user ID and password, and try again.", error.Message);
        Assert.Equal([1, 2], passwords.Requests.Select(r => r.Attempt));
        Assert.Empty(presenter.Lines);
        Assert.Equal([null, "Incorrect user ID or password. ]0;pwned Type the correct user ID and password, and try again."], passwords.Requests.Select(r => r.Refusal));
        SecretScan.AssertNoSecrets(error.ToString() + string.Join("\n", presenter.Lines), "first-wrong-password", "second-wrong-password");
    }

    [Fact]
    public async Task A_one_time_code_adapter_gets_the_code_in_its_own_field_with_the_context()
    {
        var idp = new FakeIdp((request, n) => n switch
        {
            1 => FakeIdp.Html(LoginPage()),
            2 => FakeIdp.Html(AdfsPageTests.MfaPage("SecurIDAuthentication", "<input id=\"passcodeInput\" name=\"Passcode\" type=\"password\" />")),
            _ => FakeIdp.Html(Working(TestAssertions.Build())),
        });
        var codes = new ListCodes("1234987654");

        var result = await Client(idp).SignInAsync(Request(codes: codes), new IdpCookieJar(), CancellationToken.None);

        Assert.True(result.AskedMfa);
        var (challenge, _) = Assert.Single(codes.Requests);
        Assert.Equal("RSA SecurID passcode", challenge.Label);
        Assert.True(challenge.Hidden);
        Assert.Equal("saml:adfs.example.com:alice", challenge.DeviceId);
        var post = idp.Requests[2];
        Assert.Equal("https://adfs.example.com/adfs/ls/idpinitiatedsignon", post.Uri.GetLeftPart(UriPartial.Path));
        Assert.Contains("AuthMethod=SecurIDAuthentication", post.Body, StringComparison.Ordinal);
        Assert.Contains("Context=ctx-1", post.Body, StringComparison.Ordinal);
        Assert.Contains("Passcode=1234987654", post.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Submit", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_adapter_is_a_clear_error_naming_it()
    {
        var idp = new FakeIdp((request, n) => FakeIdp.Html(n == 1 ? LoginPage() : AdfsPageTests.MfaPage("DuoAdfsAdapter")));

        var error = await Assert.ThrowsAsync<SamlSignInException>(() => Client(idp).SignInAsync(Request(), new IdpCookieJar(), CancellationToken.None));

        Assert.Equal(SamlFailure.UnknownAdapter, error.Failure);
        Assert.Contains("'DuoAdfsAdapter'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sesame_saml_provider = browser", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_that_is_never_approved_times_out_on_the_injected_clock_showing_the_number_once()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        var idp = new FakeIdp((request, n) => FakeIdp.Html(n == 1 ? LoginPage() : AdfsPageTests.MfaPage("AzureMfaAuthentication", extra: "<p id=\"validEntropyNumber\">37</p>")));
        var presenter = new RecordingPresenter();

        var signIn = Client(idp, time).SignInAsync(Request(presenter: presenter), new IdpCookieJar(), CancellationToken.None);
        await time.AdvanceUntilDone(signIn, TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<SamlSignInException>(() => signIn);

        Assert.Equal(SamlFailure.MfaTimeout, error.Failure);
        Assert.Single(presenter.Lines, l => l.Contains("37", StringComparison.Ordinal));
        Assert.Contains("Open the app.", presenter.Lines);
        // One post per poll interval (2 s) over the 30 s limit, no busy loop.
        var polls = idp.Requests.Count(r => r.Body.Contains("AuthMethod=AzureMfaAuthentication", StringComparison.Ordinal));
        Assert.InRange(polls, 14, 16);
    }

    [Fact]
    public async Task A_401_with_integrated_authentication_says_to_get_a_kerberos_ticket()
    {
        var idp = new FakeIdp((request, _) => FakeIdp.Html("denied", 401, ("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "NTLM")));
        var client = new AdfsClient(new AdfsClientOptions { SignOnUrl = SignOn, Handler = idp, IntegratedWindowsAuthentication = true }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<SamlSignInException>(() => client.SignInAsync(Request(), new IdpCookieJar(), CancellationToken.None));

        Assert.Equal(SamlFailure.IntegratedAuthentication, error.Failure);
        Assert.Contains("offered: Negotiate, NTLM", error.Message, StringComparison.Ordinal);
        Assert.Contains("kinit", error.Message, StringComparison.Ordinal);
        Assert.Equal(AdfsClient.IntegratedUserAgent, idp.Requests[0].UserAgent);
    }

    [Fact]
    public async Task A_redirect_from_https_to_http_is_refused()
    {
        var idp = new FakeIdp((request, _) => FakeIdp.Redirect("http://adfs.example.com/adfs/ls/"));
        var error = await Assert.ThrowsAsync<SamlSignInException>(() => Client(idp).SignInAsync(Request(), new IdpCookieJar(), CancellationToken.None));
        Assert.Contains("without TLS", error.Message, StringComparison.Ordinal);
    }
}
