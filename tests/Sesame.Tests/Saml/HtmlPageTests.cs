using Sesame.Core.Saml;
using Sesame.Core.Saml.Html;

namespace Sesame.Tests.Saml;

public sealed class HtmlPageTests
{
    [Fact]
    public void Forms_inputs_and_decoded_attribute_values_are_read()
    {
        var page = HtmlPage.Parse("""
            <html><head><title>Sign In</title></head><body>
            <form method="post" id="loginForm" action="/adfs/ls/?a=1&amp;b=2">
              <INPUT id="userNameInput" name="UserName" type="email" value="">
              <input name='Password' type=password />
              <input id="optionForms" type="hidden" name="AuthMethod" value="FormsAuthentication"/>
              <input type="checkbox" name="Kmsi" value="true" checked>
            </form>
            <input name="outside" value="x &lt;y&gt;">
            </body></html>
            """);

        var form = Assert.Single(page.Forms);
        Assert.Equal("loginForm", form.Id);
        Assert.Equal("POST", form.Method);
        Assert.Equal("/adfs/ls/?a=1&b=2", form.Action);
        Assert.Equal(["UserName", "Password", "AuthMethod", "Kmsi"], form.Inputs.Select(i => i.Name));
        Assert.Equal("password", form.Input("password")!.Type);
        Assert.True(form.Input("Kmsi")!.Checked);
        Assert.Equal("x <y>", page.InputByName("outside")!.Value);
        Assert.Equal("Sign In", page.Title);
    }

    [Fact]
    public void Text_by_id_drops_inner_tags_and_decodes_entities()
    {
        var page = HtmlPage.Parse("<div><label id=\"errorText\" for=\"\">Incorrect <b>user ID</b> or password &amp; more</label></div><p id=\"empty\"></p>");
        Assert.Equal("Incorrect user ID or password & more", page.TextById("errorText"));
        Assert.Equal(string.Empty, page.TextById("empty"));
        Assert.Null(page.TextById("missing"));
    }

    [Fact]
    public void Comments_and_scripts_hide_what_is_inside_them()
    {
        var page = HtmlPage.Parse("""
            <!-- <input name="SAMLResponse" value="fake"> -->
            <script>var s = '<input name="SAMLResponse" value="fake2">'; if (a < b) {}</script>
            <input name="real" value="1">
            """);
        Assert.Equal(["real"], page.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Elements_are_found_by_class()
    {
        var page = HtmlPage.Parse("<div class=\"saml-account\"><div class=\"saml-account-name\">Account: prod (111122223333)</div></div><div class=\"x saml-account-name\">Account: 444455556666</div>");
        Assert.Equal(["Account: prod (111122223333)", "Account: 444455556666"], page.TextsByClass("div", "saml-account-name"));
    }

    [Fact]
    public void Remote_text_loses_control_characters_and_bidi_overrides_and_is_capped()
    {
        Assert.Equal("Wrong [31m password red", RemoteText.Clean("Wrong\u001b[31m password\r\n\t\u202Ered"));
        Assert.Equal(RemoteText.MaxLength + 1, RemoteText.Clean(new string('a', 1000)).Length);
        Assert.Equal(string.Empty, RemoteText.Clean(null));
    }
}
