using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;

namespace Sesame.Core.Sso;

/// <summary>
/// The IAM Identity Center session is missing, expired, or was refused by the portal: the user
/// must log in again. Exit code 5 (<see cref="ExitCodes.SsoLoginRequired"/>), so scripts and
/// prompts can tell this apart from other failures.
/// </summary>
public sealed class SsoLoginRequiredException : CredentialsException
{
    /// <summary>Creates the error for a session, saying why and which command fixes it.</summary>
    public SsoLoginRequiredException(SsoSession session, string reason)
        : base($"{(session.Profile.Length == 0 ? string.Empty : $"profile '{session.Profile}': ")}the IAM Identity Center session {session.Description} {reason}; run `{session.LoginCommand}`", ExitCodes.SsoLoginRequired)
    {
        LoginCommand = session.LoginCommand;
    }

    /// <summary>The command that logs in again.</summary>
    public string LoginCommand { get; }
}
