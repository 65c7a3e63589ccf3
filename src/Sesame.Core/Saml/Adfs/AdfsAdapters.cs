namespace Sesame.Core.Saml.Adfs;

/// <summary>How Sesame answers an AD FS MFA adapter.</summary>
public enum AdfsAdapterKind
{
    /// <summary>A one-time code typed into a field (RSA SecurID, Symantec VIP, SafeNet, OATH).</summary>
    OneTimeCode,

    /// <summary>The Azure MFA adapter (<c>AzureMfaAuthentication</c>): a verification code, or a push approval (with number matching) that is polled.</summary>
    AzureMfa,

    /// <summary>Azure MFA Server (<c>AzureMfaServerAuthentication</c>): a phone call or push the IdP waits for; polled.</summary>
    AzureMfaServer,

    /// <summary>An adapter Sesame cannot answer over HTTP (Duo, Silverfort, …): use browser sign-in.</summary>
    Unsupported,
}

/// <summary>An AD FS additional-authentication adapter, recognised by the <c>AuthMethod</c> its page posts.</summary>
/// <param name="AuthMethod">The adapter's <c>AuthMethod</c> value as the page carries it.</param>
/// <param name="Kind">How Sesame answers it.</param>
/// <param name="Label">What it is called in prompts and errors.</param>
/// <param name="CodeField">The input that takes the code, when the adapter has a known one.</param>
/// <param name="Hidden">True when the code is typed without echo (it contains a PIN).</param>
public sealed record AdfsAdapter(string AuthMethod, AdfsAdapterKind Kind, string Label, string? CodeField, bool Hidden)
{
    /// <summary>
    /// The adapters Sesame knows, with the fields aws-adfs and saml2aws post to them (aws-wire-reference.md §8.1,
    /// step 4). Adapter ids are AD FS's and are compared case-insensitively.
    /// </summary>
    public static IReadOnlyList<AdfsAdapter> Known { get; } =
    [
        new("AzureMfaAuthentication", AdfsAdapterKind.AzureMfa, "Azure MFA verification code", "VerificationCode", false),
        new("AzureMfaServerAuthentication", AdfsAdapterKind.AzureMfaServer, "Azure MFA Server approval", null, false),
        new("SecurIDAuthentication", AdfsAdapterKind.OneTimeCode, "RSA SecurID passcode", "Passcode", true),
        new("SecurIDv2Authentication", AdfsAdapterKind.OneTimeCode, "RSA SecurID passcode", "Passcode", true),
        new("SymantecVipAdapter", AdfsAdapterKind.OneTimeCode, "Symantec VIP security code", "SecurityCode", false),
        new("VIPAuthenticationProviderWindowsAccountName", AdfsAdapterKind.OneTimeCode, "Symantec VIP security code", "security_code", false),
        new("VIPAuthenticationProviderUPN", AdfsAdapterKind.OneTimeCode, "Symantec VIP security code", "security_code", false),
        new("SafeNet-MFA", AdfsAdapterKind.OneTimeCode, "SafeNet one-time password", "SAFENET_PASSWORD", true),
    ];

    /// <summary>Input names that take a one-time code on pages of adapters Sesame does not list (saml2aws's set).</summary>
    internal static IReadOnlyList<string> GenericCodeFields { get; } = ["OathCode", "VerificationCode", "security_code", "SecurityCode", "Passcode", "ChallengeQuestionAnswer"];

    /// <summary>The adapter for an <c>AuthMethod</c> value: a known one, or an <see cref="AdfsAdapterKind.Unsupported"/> one named after it.</summary>
    public static AdfsAdapter For(string authMethod)
        => Known.FirstOrDefault(a => string.Equals(a.AuthMethod, authMethod, StringComparison.OrdinalIgnoreCase))
            ?? new AdfsAdapter(authMethod, AdfsAdapterKind.Unsupported, authMethod, null, false);
}
