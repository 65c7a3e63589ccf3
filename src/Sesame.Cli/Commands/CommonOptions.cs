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

    /// <summary>--json.</summary>
    public static Option<bool> Json(string description) => new("--json") { Description = description };
}
