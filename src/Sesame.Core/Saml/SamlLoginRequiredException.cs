using Sesame.Core.Credentials;
using Sesame.Core.Errors;

namespace Sesame.Core.Saml;

/// <summary>
/// A SAML profile needs a person to sign in (a password, a second factor, a browser, or a role to pick) and
/// there is no terminal to ask on: the command fails at once (exit <see cref="ExitCodes.SamlLoginRequired"/>)
/// naming <c>sesame saml login PROFILE</c>, instead of waiting for an answer nobody can give.
/// </summary>
public sealed class SamlLoginRequiredException : CredentialsException
{
    /// <summary>Creates the error.</summary>
    /// <param name="profile">The SAML profile (the base of the chain).</param>
    /// <param name="reason">What the sign-in needs, without a trailing period.</param>
    /// <param name="inner">The error that showed it, if any.</param>
    public SamlLoginRequiredException(string profile, string reason, Exception? inner = null)
        : base($"profile '{profile}': {reason}; run 'sesame saml login {profile}' in a terminal", ExitCodes.SamlLoginRequired, inner)
    {
        Profile = profile;
    }

    /// <summary>The SAML profile to sign in with.</summary>
    public string Profile { get; }

    /// <summary>The command that signs in.</summary>
    public string LoginCommand => $"sesame saml login {Profile}";
}
