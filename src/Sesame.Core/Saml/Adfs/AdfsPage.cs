using Sesame.Core.Saml.Html;

namespace Sesame.Core.Saml.Adfs;

/// <summary>What an AD FS page is, as Sesame reacts to it.</summary>
internal enum AdfsPageKind
{
    /// <summary>The "Working..." page with the SAMLResponse.</summary>
    Assertion,

    /// <summary>The forms login (<c>loginForm</c> with UserName/Password); <see cref="AdfsPage.Error"/> set when it came back refused.</summary>
    Login,

    /// <summary>An MFA adapter's page.</summary>
    Mfa,

    /// <summary>Anything else (an error page, home-realm discovery, …).</summary>
    Unknown,
}

/// <summary>A classified AD FS page.</summary>
internal sealed record AdfsPage(AdfsPageKind Kind, HtmlPage Html, HtmlForm? Form, AdfsAdapter? Adapter, string? Error, string? SamlResponse)
{
    /// <summary>The login-form names Sesame fills (AD FS's own; aws-adfs posts exactly these).</summary>
    public const string UserNameField = "UserName";

    /// <summary>The password field.</summary>
    public const string PasswordField = "Password";

    /// <summary>
    /// Reads a page: a SAMLResponse wins; then the forms login (with its error label, if any text); then an MFA
    /// adapter, found by <c>input#authMethod</c> or an <c>AuthMethod</c> input with a value outside the
    /// sign-in options form, or by a one-time-code field alone.
    /// </summary>
    public static AdfsPage Classify(HtmlPage html)
    {
        var errorText = RemoteText.Clean(html.TextById("errorText"));
        var error = errorText.Length == 0 ? null : errorText;
        if (html.InputByName("SAMLResponse") is { Value: { Length: > 0 } saml })
        {
            return new AdfsPage(AdfsPageKind.Assertion, html, null, null, error, saml);
        }

        var login = html.FormById("loginForm")
            ?? html.Forms.FirstOrDefault(f => f.Input(PasswordField) is { Type: "password" } && f.Input(UserNameField) is not null);
        if (login is not null)
        {
            return new AdfsPage(AdfsPageKind.Login, html, login, null, error, null);
        }

        var authMethod = html.InputById("authMethod") is { Value: { Length: > 0 } byId } ? byId : null;
        HtmlForm? mfaForm = null;
        foreach (var form in html.Forms)
        {
            if (form.Id == "options")
            {
                // The "sign in another way" form: its AuthMethod input is empty until a script fills it.
                continue;
            }

            var method = form.Input("AuthMethod")?.Value;
            if (authMethod is null && !string.IsNullOrEmpty(method) && !method.Equals("FormsAuthentication", StringComparison.OrdinalIgnoreCase))
            {
                authMethod = method;
            }

            if (authMethod is not null && form.Input("AuthMethod")?.Value is { } value && value.Equals(authMethod, StringComparison.OrdinalIgnoreCase))
            {
                mfaForm = form;
                break;
            }
        }

        if (authMethod is not null)
        {
            var adapter = AdfsAdapter.For(authMethod);
            return new AdfsPage(AdfsPageKind.Mfa, html, mfaForm ?? html.Forms.FirstOrDefault(f => f.Id != "options"), adapter, error, null);
        }

        // No AuthMethod at all but a code field: an OATH-style page (saml2aws's fallback).
        foreach (var form in html.Forms)
        {
            foreach (var field in AdfsAdapter.GenericCodeFields)
            {
                if (form.Input(field) is { Type: not "hidden" })
                {
                    return new AdfsPage(AdfsPageKind.Mfa, html, form, new AdfsAdapter(field, AdfsAdapterKind.OneTimeCode, "one-time code", field, false), error, null);
                }
            }
        }

        return new AdfsPage(AdfsPageKind.Unknown, html, null, null, error, null);
    }

    /// <summary>The input that takes the code on this MFA page, or <c>null</c> when the page has none yet.</summary>
    public HtmlInput? CodeInput()
    {
        var inputs = Form?.Inputs ?? Html.Inputs;
        if (Adapter?.Kind == AdfsAdapterKind.AzureMfa)
        {
            // The Azure MFA adapter shows a verification code box only in code mode; otherwise it is a push.
            return Html.InputById("verificationCodeInput") is { } box ? box : null;
        }

        if (Adapter?.CodeField is { } known && inputs.FirstOrDefault(i => string.Equals(i.Name, known, StringComparison.OrdinalIgnoreCase) && i.Type != "hidden") is { } input)
        {
            return input;
        }

        return inputs.FirstOrDefault(i => i.Type is "text" or "password" or "number" or "tel" && i.Name.Length > 0
            && !i.Name.Equals(UserNameField, StringComparison.OrdinalIgnoreCase));
    }
}
