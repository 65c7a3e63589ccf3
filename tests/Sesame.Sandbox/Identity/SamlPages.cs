using System.Net;
using System.Text;

namespace Sesame.Sandbox.Identity;

/// <summary>
/// The HTML the ADFS-style IdP and the AWS ACS stand-in serve, shaped as aws-adfs and saml2aws parse it
/// (aws-wire-reference.md §8.1, §8.3): loginForm with UserName/Password/AuthMethod, errorText, the
/// hiddenform with SAMLResponse, and the saml_form role picker.
/// </summary>
internal static partial class SamlPages
{
    public static string Login(string query, string? error) => $"""
        <!DOCTYPE html>
        <html><head><title>Sign In</title></head><body>
        <div id="loginArea">
        <form method="post" id="loginForm" autocomplete="off" novalidate="novalidate" action="{SamlIdentityProvider.SignOnPath}{E(query)}">
          <div id="error" class="fieldMargin error smallText">{(error is null ? string.Empty : $"<label id=\"errorText\" for=\"\">{E(error)}</label>")}</div>
          <input id="userNameInput" name="UserName" type="email" value="" autocomplete="off" placeholder="someone@example.com" />
          <input id="passwordInput" name="Password" type="password" autocomplete="off" placeholder="Password" />
          <input id="kmsiInput" type="checkbox" name="Kmsi" value="true" /><label for="kmsiInput">Keep me signed in</label>
          <input id="optionForms" type="hidden" name="AuthMethod" value="FormsAuthentication" />
          <span id="submitButton" class="submit" role="button">Sign in</span>
          <noscript><input type="submit" value="Sign in" /></noscript>
        </form>
        </div>
        <p><small>Sesame sandbox: a local stand-in for ADFS.</small></p>
        </body></html>
        """;

    public static string Working(string samlResponse, string acs) => $"""
        <html><head><title>Working...</title></head><body>
        <form method="POST" name="hiddenform" action="{E(acs)}">
          <input type="hidden" name="SAMLResponse" value="{E(samlResponse)}" />
          <noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript>
        </form>
        <script language="javascript">window.setTimeout('document.forms[0].submit()', 0);</script>
        </body></html>
        """;

    public static string RolePicker(IEnumerable<string> roleArns, IReadOnlyList<Account> accounts)
    {
        var sb = new StringBuilder("<html><body><form id=\"saml_form\" name=\"saml_form\" action=\"/saml\" method=\"post\">");
        foreach (var group in roleArns.GroupBy(arn => arn.Split(':')[4]))
        {
            var alias = accounts.FirstOrDefault(a => a.Id == group.Key)?.Alias;
            sb.Append("<fieldset><div class=\"saml-account\"><div class=\"saml-account-name\">Account: ")
                .Append(alias is null ? group.Key : $"{E(alias)} ({group.Key})").Append("</div>");
            foreach (var arn in group)
            {
                sb.Append("<div class=\"saml-role\"><input type=\"radio\" name=\"roleIndex\" value=\"").Append(E(arn)).Append("\" class=\"saml-radio\" />")
                    .Append("<label class=\"saml-role-description\">").Append(E(arn.Split('/')[^1])).Append("</label></div>");
            }

            sb.Append("</div></fieldset>");
        }

        return sb.Append("</form></body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
