using Sesame.Core.Errors;

namespace Sesame.Core.Servers;

/// <summary>How a failed credentials fetch is told to an SDK: a status, an error code and a message.</summary>
internal static class CredentialErrors
{
    /// <summary>
    /// 503 for what may pass (a prompt nobody can answer here, an IAM Identity Center login, an
    /// unreachable or slow service), 500 for the rest. Messages of Sesame's own errors say what to do
    /// and carry no secrets; anything else is reported without its message.
    /// </summary>
    public static (int Status, string Code, string Message) Describe(Exception e) => e switch
    {
        InteractionRequiredException => (503, "InteractionRequired",
            "Sesame needs an answer it cannot ask for here (an MFA code): " + e.Message),
        SesameException { ExitCode: ExitCodes.SsoLoginRequired } => (503, "SsoLoginRequired", e.Message),
        SesameException { ExitCode: ExitCodes.ServiceUnavailable or ExitCodes.Timeout } => (503, "ServiceUnavailable", e.Message),
        SesameException => (500, "CredentialsFailed", e.Message),
        _ => (500, "InternalError", "Sesame could not get credentials; see the server's log."),
    };

    /// <summary>The message for credentials a server must not hand out: long-term keys.</summary>
    public const string NotTemporary =
        "the credentials are long-term keys (no session token); credential servers hand out only temporary credentials";
}
