using System.CommandLine;

namespace Sesame.Cli.Commands;

/// <summary>Options shared by the commands that resolve credentials.</summary>
internal static class CommonOptions
{
    /// <summary>--mfa-token: an MFA code to use before any other source.</summary>
    public static Option<string?> MfaToken() => new("--mfa-token")
    {
        Description = "An MFA code to use if one is needed (before mfa_process, a stored seed, or a prompt)",
    };

    /// <summary>--force: replace a different key already stored for the profile.</summary>
    public static Option<bool> Force() => new("--force")
    {
        Description = "Replace a different key already stored for the profile (its secret is then gone for good)",
    };

    /// <summary>--no-credential-process: do not give the profile credential_process = sesame credential-process NAME.</summary>
    public static Option<bool> NoCredentialProcess() => new("--no-credential-process")
    {
        Description = "Do not write credential_process = sesame credential-process NAME into a profile left without credential settings",
    };

    /// <summary>--json.</summary>
    public static Option<bool> Json(string description) => new("--json") { Description = description };
}
