namespace Sesame.Core.Saml;

/// <summary>
/// The profile keys of a SAML profile (docs/saml.md). The AWS CLI and SDKs ignore keys they do not know, so a
/// profile with these keys and <c>credential_process = sesame credential-process NAME</c> works everywhere.
/// </summary>
public static class SamlKeys
{
    /// <summary>The IdP sign-in URL: an AD FS host (<c>https://adfs.example.com</c>) or any IdP-initiated URL.</summary>
    public const string Url = Config.Keys.SesameSamlUrl;

    /// <summary>The user name at the IdP (<c>DOMAIN\user</c> or <c>user@domain</c>).</summary>
    public const string Username = "sesame_saml_username";

    /// <summary>The role to assume (one of the assertion's roles).</summary>
    public const string RoleArn = "sesame_saml_role_arn";

    /// <summary>The IAM SAML provider (only needed when the role appears with several providers).</summary>
    public const string PrincipalArn = "sesame_saml_principal_arn";

    /// <summary><c>adfs</c> (default: forms, IWA and MFA adapters over HTTP) or <c>browser</c> (any IdP, in Chromium/Chrome/Edge).</summary>
    public const string Provider = "sesame_saml_provider";

    /// <summary>How to authenticate at AD FS: <c>forms</c> (default) or <c>iwa</c> (integrated Windows authentication).</summary>
    public const string Authentication = "sesame_saml_auth";

    /// <summary>A command printing the IdP password on its first line (run through the shell).</summary>
    public const string PasswordProcess = "sesame_saml_password_process";

    /// <summary>The requested session length (seconds or <c>1h</c>, <c>90m</c>); the assertion's SessionDuration caps it.</summary>
    public const string Duration = "sesame_saml_duration";

    /// <summary>The AD FS relying party identifier (default <c>urn:amazon:webservices</c>; GovCloud uses <c>urn:amazon:webservices:govcloud</c>).</summary>
    public const string RelyingParty = "sesame_saml_relying_party";

    /// <summary>The id under which a TOTP seed for the IdP's one-time-code adapter is stored (<c>sesame mfa add ID</c>).</summary>
    public const string MfaDevice = "sesame_saml_mfa_device";

    /// <summary>The browser executable for <c>browser</c> sign-in (else Chromium, Chrome or Edge is looked for).</summary>
    public const string BrowserPath = "sesame_saml_browser";

    /// <summary>How long a remembered IdP session is trusted when its cookies carry no expiry (default 8h, AD FS's default web SSO lifetime).</summary>
    public const string SessionLifetime = "sesame_saml_session_lifetime";

    /// <summary>The ACS URL the assertion is posted to for account names (default: AWS's, from the assertion's Destination).</summary>
    public const string SignInUrl = "sesame_saml_signin_url";

    /// <summary>Every key above, for <c>explain</c> and the config editor.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Url, Username, RoleArn, PrincipalArn, Provider, Authentication, PasswordProcess, Duration, RelyingParty, MfaDevice, BrowserPath, SessionLifetime, SignInUrl];
}
