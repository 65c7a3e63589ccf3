using Sesame.Core.Credentials;
using Sesame.Core.Errors;

namespace Sesame.Core.Saml;

/// <summary>Why a SAML sign-in failed, for callers that react differently (retry the password, re-ask a code).</summary>
public enum SamlFailure
{
    /// <summary>The IdP answered something Sesame cannot read (no form, no assertion, an HTTP error).</summary>
    Protocol,

    /// <summary>The IdP refused the user name or password (its error text is in the message).</summary>
    Refused,

    /// <summary>The IdP refused the second factor.</summary>
    MfaRefused,

    /// <summary>A push approval was not given in time.</summary>
    MfaTimeout,

    /// <summary>The IdP asks for an MFA adapter Sesame does not know.</summary>
    UnknownAdapter,

    /// <summary>The assertion cannot be used (not base64 XML, encrypted, no roles, expired).</summary>
    BadAssertion,

    /// <summary>Integrated Windows authentication was refused or is unavailable.</summary>
    IntegratedAuthentication,

    /// <summary>The browser could not be started or driven.</summary>
    Browser,

    /// <summary>No role matches what was asked for.</summary>
    NoSuchRole,
}

/// <summary>
/// A SAML sign-in failed. Messages never contain the password, a cookie, an MFA code or the assertion;
/// text the IdP sent (its error label) is stripped of control characters first (<see cref="RemoteText"/>).
/// </summary>
public sealed class SamlSignInException : CredentialsException
{
    /// <summary>Creates the error.</summary>
    public SamlSignInException(SamlFailure failure, string message, Exception? inner = null, int exitCode = ExitCodes.CredentialsFailed)
        : base(message, exitCode, inner) => Failure = failure;

    /// <summary>What kind of failure this is.</summary>
    public SamlFailure Failure { get; }
}
