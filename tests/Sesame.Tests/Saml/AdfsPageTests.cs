using Sesame.Core.Saml.Adfs;
using Sesame.Core.Saml.Html;

namespace Sesame.Tests.Saml;

/// <summary>Page shapes from aws-adfs's and saml2aws's selectors (written here, not copied).</summary>
public sealed class AdfsPageTests
{
    internal static string MfaPage(string authMethod, string field = "", string extra = "", string error = "")
        => $"""
            <html><head><title>Sign In</title></head><body>
            <form method="post" id="mfaForm" autocomplete="off">
              <input id="authMethod" type="hidden" name="AuthMethod" value="{authMethod}" />
              <input id="context" type="hidden" name="Context" value="ctx-1" />
              <p id="instructions">Open the app.</p>{extra}
              <div class="error"><label id="errorText" for="">{error}</label></div>
              {field}
              <input id="submitButton" type="submit" name="Submit" value="Submit" />
            </form>
            <form id="options" method="post" action="https://adfs.example.com/adfs/ls/idpinitiatedsignon">
              <input id="optionSelection" type="hidden" name="AuthMethod" />
            </form></body></html>
            """;

    private static AdfsPage Classify(string html) => AdfsPage.Classify(HtmlPage.Parse(html));

    [Fact]
    public void The_working_page_carries_the_assertion()
    {
        var page = Classify("<form method=\"POST\" name=\"hiddenform\" action=\"https://signin.aws.amazon.com:443/saml\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"PHNhbWw+\" /></form>");
        Assert.Equal(AdfsPageKind.Assertion, page.Kind);
        Assert.Equal("PHNhbWw+", page.SamlResponse);
    }

    [Fact]
    public void The_login_form_and_its_error_label_are_recognised()
    {
        var fresh = Classify("<form method=\"post\" id=\"loginForm\"><label id=\"errorText\" for=\"\"></label><input name=\"UserName\"><input name=\"Password\" type=\"password\"></form>");
        Assert.Equal(AdfsPageKind.Login, fresh.Kind);
        Assert.Null(fresh.Error);

        var refused = Classify("<form method=\"post\" id=\"loginForm\"><label id=\"errorText\" for=\"\">Incorrect user ID or password.</label><input name=\"UserName\"><input name=\"Password\" type=\"password\"></form>");
        Assert.Equal("Incorrect user ID or password.", refused.Error);
    }

    [Theory]
    [InlineData("SecurIDAuthentication", "<input id=\"passcodeInput\" name=\"Passcode\" type=\"password\" />", "Passcode", AdfsAdapterKind.OneTimeCode)]
    [InlineData("SymantecVipAdapter", "<input name=\"SecurityCode\" type=\"text\" />", "SecurityCode", AdfsAdapterKind.OneTimeCode)]
    [InlineData("VIPAuthenticationProviderWindowsAccountName", "<input name=\"security_code\" type=\"text\" />", "security_code", AdfsAdapterKind.OneTimeCode)]
    [InlineData("SafeNet-MFA", "<input name=\"SAFENET_PASSWORD\" type=\"password\" />", "SAFENET_PASSWORD", AdfsAdapterKind.OneTimeCode)]
    [InlineData("AzureMfaAuthentication", "<input id=\"verificationCodeInput\" name=\"VerificationCode\" placeholder=\"Verification code\" />", "VerificationCode", AdfsAdapterKind.AzureMfa)]
    public void One_time_code_adapters_are_recognised_with_their_code_field(string authMethod, string field, string codeField, AdfsAdapterKind kind)
    {
        var page = Classify(MfaPage(authMethod, field));
        Assert.Equal(AdfsPageKind.Mfa, page.Kind);
        Assert.Equal(kind, page.Adapter!.Kind);
        Assert.Equal(codeField, page.CodeInput()!.Name);
        Assert.Equal("mfaForm", page.Form!.Id);
    }

    [Fact]
    public void The_azure_adapter_without_a_code_box_is_a_push()
    {
        var page = Classify(MfaPage("AzureMfaAuthentication", extra: "<p id=\"validEntropyNumber\">42</p>"));
        Assert.Equal(AdfsAdapterKind.AzureMfa, page.Adapter!.Kind);
        Assert.Null(page.CodeInput());
        Assert.Equal("42", page.Html.TextById("validEntropyNumber"));
    }

    [Fact]
    public void An_adapter_found_only_by_its_AuthMethod_name_is_recognised()
    {
        // aws-adfs finds SafeNet by input[name=AuthMethod], not by id.
        var page = Classify("<form method=\"post\"><input type=\"hidden\" name=\"AuthMethod\" value=\"SafeNet-MFA\"><input type=\"hidden\" name=\"Context\" value=\"c\"><input name=\"SAFENET_PASSWORD\" type=\"password\"></form>");
        Assert.Equal("SafeNet-MFA", page.Adapter!.AuthMethod);
    }

    [Fact]
    public void An_unknown_adapter_keeps_its_name()
    {
        var page = Classify(MfaPage("DuoAdfsAdapter"));
        Assert.Equal(AdfsAdapterKind.Unsupported, page.Adapter!.Kind);
        Assert.Equal("DuoAdfsAdapter", page.Adapter.AuthMethod);
    }

    [Fact]
    public void A_bare_oath_code_field_is_a_one_time_code_page()
    {
        var page = Classify("<form method=\"post\"><input name=\"OathCode\" type=\"text\"></form>");
        Assert.Equal(AdfsAdapterKind.OneTimeCode, page.Adapter!.Kind);
        Assert.Equal("OathCode", page.CodeInput()!.Name);
    }

    [Fact]
    public void The_empty_sign_in_options_form_alone_is_not_an_adapter()
        => Assert.Equal(AdfsPageKind.Unknown, Classify("<form id=\"options\" method=\"post\"><input id=\"optionSelection\" type=\"hidden\" name=\"AuthMethod\" /></form>").Kind);

    [Theory]
    [InlineData("adfs.example.com", "https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn%3Aamazon%3Awebservices")]
    [InlineData("https://adfs.example.com/", "https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn%3Aamazon%3Awebservices")]
    [InlineData("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=x", "https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=x")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn%3Aamazon%3Awebservices")]
    public void Sign_on_urls_are_built_from_a_host_or_kept(string configured, string expected)
        => Assert.Equal(expected, AdfsUrls.SignOnUrl(configured).AbsoluteUri);

    [Fact]
    public void Plain_http_to_a_remote_host_is_refused_because_a_password_goes_there()
        => Assert.Throws<Sesame.Core.Errors.ConfigException>(() => AdfsUrls.SignOnUrl("http://adfs.example.com"));
}
