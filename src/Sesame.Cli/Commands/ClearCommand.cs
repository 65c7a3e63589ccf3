using System.CommandLine;
using Sesame.Core.Errors;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame clear [&lt;profile&gt;|--all]</c>: drop cached sessions.</summary>
internal static class ClearCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "The profile whose cached sessions to drop", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Drop every cached session" };
        var command = new Command(
            "clear",
            """
            Drop cached temporary credentials: those of one profile's chain (its MFA session and every role it
            assumes), or all of them. The next use gets new ones (and may ask for MFA).

            Examples:
              sesame clear prod
              sesame clear --all
            """);
        command.Arguments.Add(profile);
        command.Options.Add(all);
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(profile);
            var everything = parseResult.GetValue(all);
            if ((name is null) == !everything)
            {
                throw new SesameException("name a profile, or pass --all", ExitCodes.ConfigError);
            }

            var removed = context.Runtime(parseResult.GetValue(GlobalOptions.Debug)).ClearSessions(everything ? null : name);
            context.Out.WriteLine($"cleared {removed} cached session{(removed == 1 ? string.Empty : "s")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
