namespace Sesame.Core.Errors;

/// <summary>
/// The process exit codes of <c>sesame</c>. These numbers are a public contract (scripts, shell
/// prompts and direnv depend on them): add new ones, never renumber. Documented in docs/exit-codes.md.
/// </summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>An unexpected internal error (a bug); rerun with --debug for the stack trace.</summary>
    public const int InternalError = 1;

    /// <summary>Bad usage or bad configuration: unknown profile, malformed file, invalid value, bad arguments.</summary>
    public const int ConfigError = 2;

    /// <summary>Credentials could not be obtained: AWS refused (AccessDenied, expired token), a helper failed.</summary>
    public const int CredentialsFailed = 3;

    /// <summary>User interaction is needed (an MFA code) but there is no terminal and no other source.</summary>
    public const int InteractionRequired = 4;

    /// <summary>The IAM Identity Center session is missing or expired: run <c>sesame sso login</c>.</summary>
    public const int SsoLoginRequired = 5;

    /// <summary>The secret store failed: locked, wrong passphrase, corrupted, or backend unavailable.</summary>
    public const int SecretStoreError = 6;

    /// <summary>A remote service could not be reached or kept failing after retries.</summary>
    public const int ServiceUnavailable = 7;

    /// <summary>A helper process or a remote call timed out.</summary>
    public const int Timeout = 8;

    /// <summary>A SAML profile needs a person to sign in (password, second factor, browser, role) and there is no terminal: run <c>sesame saml login PROFILE</c>.</summary>
    public const int SamlLoginRequired = 9;

    /// <summary><c>status</c>: cached credentials are inside the refresh window; the next use renews them.</summary>
    public const int StatusExpiring = 10;

    /// <summary><c>status</c>: no fresh cached credentials; the next use gets new ones without asking anyone.</summary>
    public const int StatusRenewable = 11;

    /// <summary><c>status</c>: the next use will ask for an MFA code.</summary>
    public const int StatusNeedsMfa = 12;

    /// <summary><c>status</c>: the next use needs an IAM Identity Center login (<c>sesame sso login</c>).</summary>
    public const int StatusNeedsSsoLogin = 13;

    /// <summary><c>status</c>: fresh credentials are cached, but in a store that is locked: the next use asks for its passphrase (or, without a terminal, gets new credentials).</summary>
    public const int StatusStoreLocked = 14;

    /// <summary><c>refresh</c>: at least one written profile could not be renewed (each failure is a line on standard error; the others were renewed).</summary>
    public const int RefreshIncomplete = 15;

    /// <summary>Another instance of a single-instance command (<c>refresh --watch</c>) is already running.</summary>
    public const int AlreadyRunning = 16;

    /// <summary><c>status</c>: the next use needs a SAML sign-in by a person (<c>sesame saml login PROFILE</c>).</summary>
    public const int StatusNeedsSamlLogin = 17;

    /// <summary><c>doctor</c>: it found at least one warning or error (notes alone exit 0).</summary>
    public const int DoctorFoundProblems = 18;

    /// <summary>The terminal hung up (SIGHUP): 128 + 1.</summary>
    public const int HungUp = 129;

    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Interrupted = 130;

    /// <summary>Terminated (SIGTERM): 128 + 15.</summary>
    public const int Terminated = 143;
}
