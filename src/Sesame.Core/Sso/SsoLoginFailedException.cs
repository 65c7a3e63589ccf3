using Sesame.Core.Credentials;
using Sesame.Core.Errors;

namespace Sesame.Core.Sso;

/// <summary>
/// A login did not produce a token: the authorization was denied, the device code expired, the start
/// URL is unknown, the browser never came back. The message says what happened and what to do; it
/// never holds a code or token.
/// </summary>
public sealed class SsoLoginFailedException : CredentialsException
{
    /// <summary>Creates the error.</summary>
    public SsoLoginFailedException(string message, int exitCode = ExitCodes.CredentialsFailed, Exception? inner = null)
        : base(message, exitCode, inner)
    {
    }
}
