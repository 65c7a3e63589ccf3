using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sesame.Sandbox.Tests.Infrastructure;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary>The ADFS-style IdP and AssumeRoleWithSAML, with boto3 as the STS client.</summary>
public sealed partial class SamlFidelityTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::222222222222:role/SamlAdmin";
    private const string Provider = "arn:aws:iam::222222222222:saml-provider/SandboxIdP";
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo());

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Logging_in_at_the_IdP_form_gives_an_assertion_boto3_exchanges_for_the_role()
    {
        using var home = _sandbox.CreateHome();
        var assertion = await LoginAsync("EXAMPLE\\alice", "alice-password");

        var result = await Python.RunAsync(home, "call", "-", "sts", "assume_role_with_saml",
            Json(new { RoleArn = Role, PrincipalArn = Provider, SAMLAssertion = assertion, DurationSeconds = 7200 }));

        Assert.Equal("arn:aws:sts::222222222222:assumed-role/SamlAdmin/alice@example.com", result.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        Assert.Equal("alice", result.GetProperty("Subject").GetString());
        Assert.Equal("persistent", result.GetProperty("SubjectType").GetString());
        var call = Assert.Single(_sandbox.Sts.Calls.Of("AssumeRoleWithSAML"));
        Assert.Null(call.AccessKeyId);
        Assert.StartsWith("sha256:", call["SAMLAssertion"]);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_login_form_again_with_errorText()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(_sandbox.Saml.SignOnUrl, Form("alice", "guess"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"errorText\"", html);
        Assert.DoesNotContain("SAMLResponse", html);
    }

    [Fact]
    public async Task The_ACS_lists_the_roles_of_an_assertion_as_AWS_role_picker_does()
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent([new("SAMLResponse", _sandbox.Saml.IssueAssertion("alice"))]);
        var html = await (await http.PostAsync(new Uri(_sandbox.Saml.SignOnUrl, "/saml"), content)).Content.ReadAsStringAsync();
        Assert.Contains("Account: prod (222222222222)", html);
        Assert.Contains($"name=\"roleIndex\" value=\"{Role}\"", html);
    }

    [Fact]
    public async Task Tampered_expired_and_foreign_assertions_are_refused()
    {
        using var home = _sandbox.CreateHome();
        var good = Encoding.UTF8.GetString(Convert.FromBase64String(_sandbox.Saml.IssueAssertion("alice")));
        var tampered = Convert.ToBase64String(Encoding.UTF8.GetBytes(good.Replace("alice@example.com", "mallory@example.com", StringComparison.Ordinal)));
        var expired = _sandbox.Saml.IssueAssertion("alice", validity: TimeSpan.FromMinutes(-1));
        var otherRole = _sandbox.Saml.IssueAssertion("alice", roleArns: []);

        async Task<string?> Code(string assertion) => (await Python.RunAsync(home, "call", "-", "sts", "assume_role_with_saml",
            Json(new { RoleArn = Role, PrincipalArn = Provider, SAMLAssertion = assertion }))).GetProperty("error").GetString();

        Assert.Equal("InvalidIdentityToken", await Code(tampered));
        Assert.Equal("ExpiredTokenException", await Code(expired));
        Assert.Equal("AccessDenied", await Code(otherRole));
    }

    [Fact]
    public async Task boto3_gets_a_ValidationError_when_DurationSeconds_exceeds_the_role_maximum()
    {
        using var home = _sandbox.CreateHome();
        var assertion = _sandbox.Saml.IssueAssertion("alice", sessionDuration: TimeSpan.FromHours(12));

        var result = await Python.RunAsync(home, "call", "-", "sts", "assume_role_with_saml",
            Json(new { RoleArn = Role, PrincipalArn = Provider, SAMLAssertion = assertion, DurationSeconds = 43200 }));

        // SamlAdmin allows 8 hours: STS refuses the call instead of shortening it, so clients must retry shorter.
        Assert.Equal("ValidationError", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_IdP_session_cookie_answers_a_second_visit_with_the_assertion_and_no_form()
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
        using (var login = await http.PostAsync(_sandbox.Saml.SignOnUrl, Form("alice@example.com", "alice-password")))
        {
            Assert.Contains("SAMLResponse", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        _sandbox.Saml.Calls.Clear();
        var again = await http.GetStringAsync(_sandbox.Saml.SignOnUrl);

        Assert.Matches(SamlResponse(), again);
        Assert.DoesNotContain("loginForm", again, StringComparison.Ordinal);
        Assert.Equal(["SessionReused", "Assertion"], _sandbox.Saml.Calls.Actions);
        Assert.NotNull(cookies.GetCookies(_sandbox.Saml.SignOnUrl)["MSISAuth"]);
    }

    private async Task<string> LoginAsync(string user, string password)
    {
        using var http = new HttpClient();
        var page = await http.GetStringAsync(_sandbox.Saml.SignOnUrl);
        Assert.Contains("id=\"loginForm\"", page);
        using var response = await http.PostAsync(_sandbox.Saml.SignOnUrl, Form(user, password));
        var html = await response.Content.ReadAsStringAsync();
        var match = SamlResponse().Match(html);
        Assert.True(match.Success, html);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static FormUrlEncodedContent Form(string user, string password) =>
        new([new("UserName", user), new("Password", password), new("AuthMethod", "FormsAuthentication")]);

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [GeneratedRegex("name=\"SAMLResponse\" value=\"([^\"]+)\"")]
    private static partial Regex SamlResponse();
}
