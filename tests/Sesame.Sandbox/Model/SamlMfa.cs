namespace Sesame.Sandbox;

/// <summary>How the sandbox IdP's MFA adapter for a user answers.</summary>
public enum SamlMfaKind
{
    /// <summary>A one-time-code adapter page (RSA SecurID, Symantec VIP, SafeNet): the code field of the adapter.</summary>
    OneTimeCode,

    /// <summary>The Azure MFA adapter asking for a verification code (<c>verificationCodeInput</c>).</summary>
    AzureCode,

    /// <summary>The Azure MFA adapter waiting for a push approval, with a number to match (<c>validEntropyNumber</c>).</summary>
    AzurePush,

    /// <summary>An adapter page Sesame cannot answer (e.g. Duo): only its AuthMethod matters.</summary>
    Unsupported,
}

/// <summary>
/// The second factor a SAML user must pass after the forms login, as AD FS additional-authentication adapters
/// present it (aws-wire-reference.md §8.1 step 4; page shapes from aws-adfs and saml2aws).
/// </summary>
/// <param name="AuthMethod">The adapter's AuthMethod (e.g. <c>SecurIDAuthentication</c>).</param>
/// <param name="Kind">How it is answered.</param>
/// <param name="CodeField">The input that takes the code (one-time-code adapters).</param>
public sealed record SamlMfa(string AuthMethod, SamlMfaKind Kind, string? CodeField = null)
{
    /// <summary>The one code the adapter accepts (one-time-code and Azure code adapters).</summary>
    public string Code { get; init; } = "246810";

    /// <summary>Push: how many polls stay pending before the approval arrives; negative: never (until <c>ApprovePush</c>).</summary>
    public int ApproveAfterPolls { get; init; } = 2;

    /// <summary>Push: the user denies the request.</summary>
    public bool Deny { get; init; }

    /// <summary>RSA SecurID (field <c>Passcode</c>).</summary>
    public static SamlMfa RsaSecurId() => new("SecurIDAuthentication", SamlMfaKind.OneTimeCode, "Passcode");

    /// <summary>Symantec VIP (field <c>SecurityCode</c>).</summary>
    public static SamlMfa SymantecVip() => new("SymantecVipAdapter", SamlMfaKind.OneTimeCode, "SecurityCode");

    /// <summary>SafeNet (field <c>SAFENET_PASSWORD</c>).</summary>
    public static SamlMfa SafeNet() => new("SafeNet-MFA", SamlMfaKind.OneTimeCode, "SAFENET_PASSWORD");

    /// <summary>The Azure MFA adapter in verification-code mode.</summary>
    public static SamlMfa AzureCode() => new("AzureMfaAuthentication", SamlMfaKind.AzureCode, "VerificationCode");

    /// <summary>The Azure MFA adapter in push mode with number matching.</summary>
    public static SamlMfa AzurePush() => new("AzureMfaAuthentication", SamlMfaKind.AzurePush);

    /// <summary>An adapter Sesame does not know.</summary>
    public static SamlMfa Unsupported(string authMethod = "DuoAdfsAdapter") => new(authMethod, SamlMfaKind.Unsupported);
}
