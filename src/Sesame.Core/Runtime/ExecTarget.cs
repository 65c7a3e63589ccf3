using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Runtime;

/// <summary>
/// What <c>sesame exec</c> runs, and for which profile, decided from the words on its command line
/// (issue 14, "exec without surprises"):
/// <list type="bullet">
/// <item>The words before <c>--</c> are the profile (at most one; a second starts the command, as
/// before). With <c>--</c> and no word before it, the profile is <c>AWS_PROFILE</c> (then
/// <c>AWS_DEFAULT_PROFILE</c>), so <c>sesame exec -- aws s3 ls</c> never takes <c>aws</c> for a profile;
/// with neither, it is an error that says so.</item>
/// <item>No command runs the user's shell: <c>$SHELL</c>, else <c>/bin/sh</c>, as aws-vault does.
/// <c>SESAME_PROFILE</c> marks it (the prompt segment of <c>sesame shell init</c> shows it); the prompt
/// itself is not rewritten, because bash and zsh set <c>PS1</c>/<c>PROMPT</c> in their start-up files
/// over anything inherited.</item>
/// </list>
/// </summary>
/// <param name="Profile">The profile.</param>
/// <param name="Command">The program and its arguments.</param>
/// <param name="IsShell">True when no command was given and the shell runs.</param>
public sealed record ExecTarget(string Profile, IReadOnlyList<string> Command, bool IsShell)
{
    /// <summary>The shell when <c>SHELL</c> is not set.</summary>
    public const string FallbackShell = "/bin/sh";

    /// <summary>Decides the profile and command.</summary>
    /// <param name="beforeDashes">The words before <c>--</c> (all of them when there is none).</param>
    /// <param name="afterDashes">The words after <c>--</c>, or <c>null</c> when there is no <c>--</c>.</param>
    /// <param name="environment">For <c>AWS_PROFILE</c> and <c>SHELL</c>.</param>
    public static ExecTarget Choose(IReadOnlyList<string> beforeDashes, IReadOnlyList<string>? afterDashes, IEnvironment environment)
    {
        string profile;
        List<string> command;
        if (beforeDashes.Count > 0)
        {
            profile = beforeDashes[0];
            command = [.. beforeDashes.Skip(1), .. afterDashes ?? []];
        }
        else
        {
            profile = environment.GetNonBlank("AWS_PROFILE") ?? environment.GetNonBlank("AWS_DEFAULT_PROFILE")
                ?? throw new SesameException(
                    afterDashes is { Count: > 0 }
                        ? $"no profile before '--' and AWS_PROFILE is not set; name one: sesame exec PROFILE -- {afterDashes[0]} …"
                        : "no profile given and AWS_PROFILE is not set; name one: sesame exec PROFILE [-- COMMAND …]",
                    ExitCodes.ConfigError);
            command = [.. afterDashes ?? []];
        }

        if (command.Count > 0)
        {
            return new ExecTarget(profile, command, false);
        }

        var shell = environment.GetNonBlank("SHELL")?.Trim() ?? FallbackShell;
        return new ExecTarget(profile, [shell], true);
    }
}
