using System.CommandLine;
using Sesame.Cli.Commands;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Cli;

/// <summary>Builds the command tree and runs it with one error edge.</summary>
public static class CliApp
{
    /// <summary>
    /// Runs <c>sesame</c>. Expected failures print one line, <c>sesame: error: …</c>, and exit
    /// with their documented code; a stack trace is printed only with <c>--debug</c>.
    /// </summary>
    public static int Run(string[] args, CliContext context)
    {
        return FastPath.TryRun(args, context, out var fastExitCode) ? fastExitCode : RunParsed(args, context);
    }

    // Separate from Run, so the hot commands never load System.CommandLine, even where methods are
    // compiled whole at run time (a build without ReadyToRun).
    private static int RunParsed(string[] args, CliContext context)
    {
        var root = BuildRoot(context);
        var parseResult = root.Parse(args);
        var debug = parseResult.GetValue(GlobalOptions.Debug);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var message in ErrorMessages(root, parseResult))
            {
                context.Error.WriteLine($"sesame: error: {message}");
            }

            var command = parseResult.CommandResult.Command;
            context.Error.WriteLine($"Run 'sesame {(command is RootCommand ? string.Empty : CommandPath(parseResult) + " ")}--help' for usage.");
            return ExitCodes.ConfigError;
        }

        // Sesame's own signal handling (Interrupts) ends commands; the parser must not install another.
        return Guard(context, debug, () => parseResult.InvokeAsync(
            new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            },
            Interrupts.Token).GetAwaiter().GetResult());
    }

    /// <summary>
    /// The error edge: runs <paramref name="body"/> and turns expected failures into one line,
    /// <c>sesame: error: …</c>, and their exit code; anything else is reported as a bug.
    /// </summary>
    public static int Guard(CliContext context, bool debug, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SesameException e)
        {
            // Messages may carry remote text (an IdP's or AWS's description): never control characters.
            context.Error.WriteLine($"sesame: error: {TerminalText.Sanitize(e.Message)}");
            if (debug)
            {
                context.Error.WriteLine(e.ToString());
            }

            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("sesame: interrupted");
            return Interrupts.ExitCode ?? ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"sesame: error: unexpected {e.GetType().Name}: {TerminalText.Sanitize(e.Message)} (this is a bug; rerun with --debug and report the output)");
            if (debug)
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.InternalError;
        }
    }

    /// <summary>The command tree.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            """
            Sesame gets you and your programs the right AWS credentials from ~/.aws/config and ~/.aws/credentials.

            Examples:
              sesame list
              sesame explain prod
            """);
        root.Options.Add(GlobalOptions.Debug);
        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(ExplainCommand.Create(context));
        root.Subcommands.Add(ExecCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(LoginCommand.Create(context));
        root.Subcommands.Add(RefreshCommand.Create(context));
        root.Subcommands.Add(CredentialProcessCommand.Create(context));
        root.Subcommands.Add(WhoamiCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(ClearCommand.Create(context));
        root.Subcommands.Add(SetupCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(BackendsCommand.Create(context));
        root.Subcommands.Add(LockCommand.Create(context));
        root.Subcommands.Add(LockCommand.CreateUnlock(context));
        root.Subcommands.Add(KeysCommand.Create(context));
        root.Subcommands.Add(MfaCommand.Create(context));
        root.Subcommands.Add(SsoCommand.Create(context));
        root.Subcommands.Add(SamlCommand.Create(context));
        root.Subcommands.Add(ConfigureSsoCommand.CreateParent(context));
        ShellCommand.AddTo(root, context);
        return root;
    }

    // The parser's messages, with an unknown command named once and a close command suggested
    // ("Required command was not provided" adds nothing when the word given is simply misspelt).
    private static IEnumerable<string> ErrorMessages(RootCommand root, ParseResult parseResult)
    {
        var unmatched = parseResult.UnmatchedTokens;
        if (parseResult.CommandResult.Command is RootCommand && unmatched.Count > 0 && !unmatched[0].StartsWith('-'))
        {
            var names = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            var suggestion = Core.Config.NameSuggester.Closest(unmatched[0], names);
            yield return suggestion is null
                ? $"unknown command '{unmatched[0]}'"
                : $"unknown command '{unmatched[0]}'; did you mean '{suggestion}'?";
            yield break;
        }

        foreach (var error in parseResult.Errors)
        {
            yield return error.Message;
        }
    }

    private static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var command = result.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (command.Command is not RootCommand)
            {
                names.Insert(0, command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    /// <summary>--debug: print stack traces and diagnostic detail (never secrets).</summary>
    public static readonly Option<bool> Debug = new("--debug")
    {
        Description = "Print diagnostic detail and stack traces on errors (secrets are never printed)",
        Recursive = true,
    };
}
