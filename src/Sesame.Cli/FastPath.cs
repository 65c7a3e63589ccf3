using Sesame.Cli.Commands;

namespace Sesame.Cli;

/// <summary>
/// The commands that run on every AWS CLI call and every shell prompt — <c>credential-process
/// PROFILE</c> and <c>status [PROFILE] [--json]</c> — handled without building the command tree:
/// System.CommandLine's set-up costs about as much as the rest of a cached answer. Only these exact
/// shapes take this path; anything else (help, other options, mistakes) goes through the full parser,
/// which behaves identically.
/// </summary>
internal static class FastPath
{
    public static bool TryRun(string[] args, CliContext context, out int exitCode)
    {
        exitCode = 0;
        if (args.Length is 2 or 4 && args[0] == "credential-process" && CredentialProcessShape(args, out var named, out var mfaToken))
        {
            exitCode = CliApp.Guard(context, debug: false, () => CredentialProcessCommand.Run(context, named, mfaToken));
            return true;
        }

        if (args.Length is >= 1 and <= 3 && args[0] == "status")
        {
            string? profile = null;
            var json = false;
            foreach (var argument in args.AsSpan(1))
            {
                if (argument == "--json" && !json)
                {
                    json = true;
                }
                else if (IsName(argument) && profile is null)
                {
                    profile = argument;
                }
                else
                {
                    return false;
                }
            }

            exitCode = CliApp.Guard(context, debug: false, () => StatusCommand.Run(context, profile, json, debug: false));
            return true;
        }

        return false;
    }

    // credential-process PROFILE, optionally with --mfa-token CODE before or after the profile
    // (how scripts and benchmarks pass a code without a terminal).
    private static bool CredentialProcessShape(string[] args, out string profile, out string? mfaToken)
    {
        profile = string.Empty;
        mfaToken = null;
        if (args.Length == 2)
        {
            profile = args[1];
            return IsName(profile);
        }

        var (name, option, code) = args[1] == "--mfa-token" ? (args[3], args[1], args[2]) : (args[1], args[2], args[3]);
        if (option != "--mfa-token" || !IsName(name) || !IsName(code))
        {
            return false;
        }

        profile = name;
        mfaToken = code;
        return true;
    }

    // A profile name, not an option or a help request.
    private static bool IsName(string argument) => argument.Length > 0 && argument[0] != '-' && argument is not ("help" or "?");
}
