using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.ShellIntegration;

namespace Sesame.Cli.Shell;

/// <summary>
/// <c>sesame shell use</c>: checks the profile (a header-only read of the files; nothing resolved,
/// no store opened), or lets the user pick one, and prints the code the <c>sesame use</c> shell
/// function evaluates. Standard output carries only that code; messages go to standard error and
/// the picker to the terminal.
/// </summary>
internal static class ShellUse
{
    public static int Run(CliContext context, ShellKind shell, string? profile, bool login, bool off, Func<IKeyTerminal?> openTerminal)
    {
        var environment = context.Environment;
        if (environment.GetNonBlank(UseCode.ExecMarker) is { } outer)
        {
            // Its credentials are in the environment and win over AWS_PROFILE; unsetting them would
            // silently turn the 'exec' shell into something else.
            throw new SesameException($"this shell runs inside 'sesame exec {outer}', whose credentials win over any profile; exit that shell first", ExitCodes.ConfigError);
        }

        if (off)
        {
            if (profile is not null || login)
            {
                throw new SesameException("'sesame use --off' takes no profile and no --login", ExitCodes.ConfigError);
            }

            context.Out.Write(UseCode.Off(shell, environment));
            return ExitCodes.Success;
        }

        var catalog = ProfileCatalog.Load(context.FileSystem, environment);
        if (profile is null)
        {
            profile = Pick(catalog, environment, openTerminal);
            if (profile is null)
            {
                // Left the picker: nothing changes, nothing to say.
                return ExitCodes.Interrupted;
            }
        }
        else
        {
            catalog.Require(profile);
        }

        if (UseCode.ForeignCredentialsWarning(environment) is { } warning)
        {
            context.Error.WriteLine(warning);
        }

        context.Out.Write(UseCode.Switch(shell, environment, profile, login));
        return ExitCodes.Success;
    }

    private static string? Pick(ProfileCatalog catalog, IEnvironment environment, Func<IKeyTerminal?> openTerminal)
    {
        if (catalog.Profiles.Count == 0)
        {
            throw new ConfigException("there is no profile in ~/.aws/config or ~/.aws/credentials to choose from; 'sesame configure sso NAME' or 'sesame keys add NAME' creates one");
        }

        using var terminal = openTerminal()
            ?? throw new InteractionRequiredException("no profile named and no terminal to pick one on: run 'sesame use PROFILE' ('sesame list' shows them)");
        return new ProfilePicker(catalog.Profiles, terminal, environment.GetNonBlank("AWS_PROFILE")).Run();
    }
}
