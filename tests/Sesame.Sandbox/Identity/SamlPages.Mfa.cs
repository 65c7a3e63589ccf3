namespace Sesame.Sandbox.Identity;

/// <summary>
/// AD FS additional-authentication pages, shaped as aws-adfs and saml2aws read them: the adapter's form with
/// hidden <c>AuthMethod</c> (id <c>authMethod</c>) and <c>Context</c> (id <c>context</c>), the <c>errorText</c>
/// label, the code field, <c>p#instructions</c>, <c>p#validEntropyNumber</c> for Azure MFA number matching, and
/// the <c>options</c> form whose action the tools post answers to (saml2aws's example <c>passcode.html</c>).
/// </summary>
internal static partial class SamlPages
{
    public static string Mfa(SamlUser user, SamlMfa mfa, string context, string? number, string query, string? error)
    {
        var (title, instructions, field) = mfa.Kind switch
        {
            SamlMfaKind.AzurePush => ("Sign In", "We've sent a notification to your mobile device. Please open the Microsoft Authenticator app to respond.", string.Empty),
            SamlMfaKind.AzureCode => ("Sign In", "We've sent a verification code to your mobile device. Please enter it to continue.",
                $"<input id=\"verificationCodeInput\" name=\"{E(mfa.CodeField!)}\" type=\"text\" placeholder=\"Verification code\" autocomplete=\"off\" />"),
            SamlMfaKind.OneTimeCode => (mfa.AuthMethod.StartsWith("SecurID", StringComparison.Ordinal) ? "RSA SecurID Authentication" : "Additional authentication",
                "For security reasons, we require additional information to verify your account.",
                $"<input id=\"passcodeInput\" name=\"{E(mfa.CodeField!)}\" type=\"password\" value=\"\" placeholder=\"Passcode\" autocomplete=\"off\" />"),
            _ => ("Sign In", "Complete the sign-in on your device.", string.Empty),
        };
        var entropy = number is null ? string.Empty : $"<p id=\"validEntropyNumber\" class=\"bigText\">{E(number)}</p>";
        return $"""
            <!DOCTYPE html>
            <html lang="en-US"><head><title>{E(title)}</title></head><body>
            <div id="authArea" class="groupMargin">
              <div class='fieldMargin bigText'>Welcome EXAMPLE\{E(user.Name)}</div>
              <div id="loginArea">
              <form method="post" id="mfaForm" autocomplete="off">
                <!-- These inputs are required by the presentation framework.  Do not modify or remove -->
                <input id="authMethod" type="hidden" name="AuthMethod" value="{E(mfa.AuthMethod)}" />
                <input id="context" type="hidden" name="Context" value="{E(context)}" />
                <!-- End inputs are required by the presentation framework. -->
                <p id="instructions">{E(instructions)}</p>
                {entropy}
                <div class="fieldMargin error smallText"><label id="errorText" for="">{(error is null ? string.Empty : E(error))}</label></div>
                {field}
                <input id="submitButton" type="submit" name="Submit" value="Submit" />
              </form>
              </div>
            </div>
            <div id="authOptions">
              <form id="options" method="post" action="/adfs/ls/idpinitiatedsignon{E(query)}">
                <input id="optionSelection" type="hidden" name="AuthMethod" />
              </form>
            </div>
            </body></html>
            """;
    }
}
