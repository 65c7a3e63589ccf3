using System.CommandLine;
using Sesame.Cli.Shell;
using Sesame.Core.Errors;
using Sesame.Core.ShellIntegration;

namespace Sesame.Cli.Commands;

/// <summary>
/// <c>sesame shell init bash|zsh|fish|pwsh|direnv</c>, and the two hidden halves of what that
/// script defines: <c>shell complete</c> (TAB) and <c>shell use</c> (the code <c>sesame use</c>
/// evaluates). A hidden top-level <c>use</c> tells whoever runs it without the script how to load it.
/// </summary>
internal static class ShellCommand
{
    /// <summary>Adds <c>shell</c> and the hidden <c>use</c> to the root.</summary>
    public static void AddTo(RootCommand root, CliContext context)
    {
        root.Subcommands.Add(Create(context));
        root.Subcommands.Add(CreateUseWithoutShell());
    }

    public static Command Create(CliContext context)
    {
        var command = new Command(
            "shell",
            """
            Shell integration: 'sesame use' to switch profiles in the current shell, a prompt segment, TAB
            completion of commands, options and profile names, and a direnv helper. See 'sesame shell init --help'.

            Examples:
              eval "$(sesame shell init bash)"
              sesame shell init fish | source
            """);
        command.Subcommands.Add(CreateInit(context));
        command.Subcommands.Add(CreateComplete(context));
        command.Subcommands.Add(CreateUse(context));
        return command;
    }

    private static Command CreateInit(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish, pwsh or direnv" };
        shell.AcceptOnlyFromAmong(ShellSyntax.InitNames);
        var command = new Command(
            "init",
            """
            Print the shell code that defines 'sesame use', 'sesame_prompt' and TAB completion (for direnv:
            'use sesame PROFILE' in .envrc). Load it from the shell's start-up file:
              ~/.bashrc                     eval "$(sesame shell init bash)"
              ~/.zshrc (after compinit)     eval "$(sesame shell init zsh)"
              ~/.config/fish/config.fish    sesame shell init fish | source
              $PROFILE (PowerShell 7)       sesame shell init pwsh | Out-String | Invoke-Expression
              ~/.config/direnv/direnvrc     eval "$(sesame shell init direnv)"

            Examples, once loaded:
              sesame use prod               set AWS_PROFILE=prod in this shell
              sesame use prod --login       ... and sign in to IAM Identity Center if needed
              sesame use                    pick a profile from a filtering list
              sesame use --off              leave the profile
              PS1='$(sesame_prompt) \$ '    the profile and its time left (docs/shell.md: prompts without a subshell)
            """);
        command.Arguments.Add(shell);
        command.SetAction(parseResult =>
        {
            context.Out.Write(ShellScripts.For(parseResult.GetValue(shell)!));
            return ExitCodes.Success;
        });
        return command;
    }

    // sesame shell complete [--shell S] -- WORDS…: one candidate a line, "VALUE<TAB>DESCRIPTION".
    private static Command CreateComplete(CliContext context)
    {
        var shell = new Option<string?>("--shell") { Description = "The shell asking (all get the same lines)" };
        var words = new Argument<string[]>("words") { Description = "The words after 'sesame', the last being the one to complete", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("complete", "Print completions for a partial command line (used by the shell scripts)") { Hidden = true };
        command.Options.Add(shell);
        command.Arguments.Add(words);
        command.SetAction(parseResult =>
        {
            var root = (RootCommand)parseResult.RootCommandResult.Command;
            var candidates = ShellCompleter.Complete(root, parseResult.GetValue(words) ?? [], () => ProfileCatalog.TryLoad(context.FileSystem, context.Environment));
            foreach (var candidate in candidates)
            {
                context.Out.Write(candidate.Description.Length == 0 ? candidate.Value + "\n" : $"{candidate.Value}\t{Clean(candidate.Description)}\n");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // sesame shell use --shell S [PROFILE] [--login] [--off]: prints the code the `sesame use` function evaluates.
    private static Command CreateUse(CliContext context)
    {
        var shell = new Option<string>("--shell") { Description = "bash, zsh, fish or pwsh: the syntax of the code printed", Required = true };
        var profile = new Argument<string?>("profile") { Description = "The profile to use (none: pick from a list)", Arity = ArgumentArity.ZeroOrOne };
        var login = new Option<bool>("--login") { Description = "Also sign in (IAM Identity Center) when the profile's next use would need it" };
        var off = new Option<bool>("--off") { Description = "Leave the profile: unset AWS_PROFILE and what 'sesame export' set" };
        var command = new Command("use", "Print the shell code that switches the current shell to a profile (used by 'sesame use')") { Hidden = true };
        command.Options.Add(shell);
        command.Arguments.Add(profile);
        command.Options.Add(login);
        command.Options.Add(off);
        command.SetAction(parseResult =>
        {
            var shellName = parseResult.GetValue(shell)!;
            if (!ShellSyntax.TryParse(shellName, out var kind))
            {
                throw new SesameException($"unknown shell '{shellName}'; use bash, zsh, fish or pwsh", ExitCodes.ConfigError);
            }

            return ShellUse.Run(context, kind, parseResult.GetValue(profile), parseResult.GetValue(login), parseResult.GetValue(off), TtyKeyTerminal.TryOpen);
        });
        return command;
    }

    // `sesame use` reaches the program only when the shell function is not loaded. It has the
    // function's shape so that TAB completes `sesame use <profile>` and its options.
    private static Command CreateUseWithoutShell()
    {
        var profile = new Argument<string?>("profile") { Description = "The profile to use (none: pick from a list)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("use", "Switch the current shell to a profile (needs 'sesame shell init')") { Hidden = true };
        command.Arguments.Add(profile);
        command.Options.Add(new Option<bool>("--login") { Description = "Also sign in (IAM Identity Center) when the profile's next use would need it" });
        command.Options.Add(new Option<bool>("--off") { Description = "Leave the profile: unset AWS_PROFILE and what 'sesame export' set" });
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(int (_) => throw new SesameException(
            "'sesame use' changes your shell, so it needs Sesame's shell integration: add eval \"$(sesame shell init bash)\" to ~/.bashrc (zsh, fish, pwsh: see 'sesame shell init --help'), then open a new shell",
            ExitCodes.ConfigError));
        return command;
    }

    // A description on one line, without the tab that separates it from the value.
    private static string Clean(string description) => description.Replace('\t', ' ');
}
