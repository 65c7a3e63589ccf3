using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame backends [--json]</c>: the secret-store backends, which one is used, and why others cannot be.</summary>
internal static class BackendsCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: selected, how, backends[name, available, reason, description]" };
        var command = new Command(
            "backends",
            """
            List the secret-store backends with their availability here, the reason when one is unavailable, and
            which one Sesame uses. Choose with SESAME_BACKEND or sesame_backend in the [default] profile.

            Examples:
              sesame backends
              SESAME_BACKEND=file sesame keys list
            """);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(context, parseResult.GetValue(json), parseResult.GetValue(GlobalOptions.Debug)));
        return command;
    }

    private static int Run(CliContext context, bool json, bool debug)
    {
        var stores = context.Runtime(debug).Stores;
        var statuses = stores.Factory.Describe(stores.Settings);
        var selection = stores.Selection;
        if (json)
        {
            JsonOutput.Write(context.Out, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("selected", selection.Name);
                writer.WriteString("how", selection.How);
                writer.WriteStartArray("backends");
                foreach (var status in statuses)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", status.Name);
                    writer.WriteBoolean("available", status.Available);
                    writer.WriteNullable("reason", status.Reason);
                    writer.WriteString("description", status.Description);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Success;
        }

        var table = new TextTable("BACKEND", "AVAILABLE", "DETAILS");
        foreach (var status in statuses)
        {
            var marker = status.Name == selection.Name ? "* " : "  ";
            table.Add(marker + status.Name, status.Available ? "yes" : "no", status.Available ? status.Description : status.Reason);
        }

        table.Write(context.Out);
        context.Out.WriteLine();
        context.Out.WriteLine($"Using {selection.Name}: {selection.How}.");
        return ExitCodes.Success;
    }
}
