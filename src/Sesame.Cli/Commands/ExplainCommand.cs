using System.CommandLine;
using System.Text.Json;
using Sesame.Cli.Output;
using Sesame.Core.Config;
using Sesame.Core.Config.Reports;
using Sesame.Core.Errors;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame explain &lt;profile&gt; [--json]</c>: why a profile resolves the way it does.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile to explain" };
        var json = new Option<bool>("--json") { Description = "Print JSON: profile, properties, chain, ignored, notes, error" };
        var command = new Command(
            "explain",
            """
            Show how a profile resolves: the chain step by step from the profile you name down to the first
            credentials, every setting with its file and line (secrets masked to their last 4 characters), and
            what is ignored and why. Nothing is contacted and nothing is written.

            Examples:
              sesame explain prod
              sesame explain prod --json | jq '.chain[].summary'
            """);
        command.Arguments.Add(profile);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(context, parseResult.GetValue(profile)!, parseResult.GetValue(json), parseResult.GetValue(GlobalOptions.Debug)));
        return command;
    }

    private static int Run(CliContext context, string name, bool json, bool debug)
    {
        var runtime = context.ReadOnlyRuntime(debug);
        var report = ExplainReport.Build(runtime.Profiles, name, runtime.Stores.HasStoredKeys());
        if (json)
        {
            WriteJson(context.Out, report);
        }
        else
        {
            WriteText(context.Out, report, runtime.Locator.HomeDirectory);
        }

        if (report.Error is not null)
        {
            throw report.Error;
        }

        return ExitCodes.Success;
    }

    private static void WriteText(TextWriter output, ExplainReport report, string? home)
    {
        string At(SourceLocation location) => $"{PathDisplay.Shorten(location.File, home)}:{location.Line}";

        output.WriteLine($"profile {report.Profile}");
        if (report.Chain.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("chain (from the profile you named down to the first credentials):");
            for (var i = 0; i < report.Chain.Count; i++)
            {
                var step = report.Chain[i];
                output.WriteLine($"  {i + 1}. [{step.Kind}] {step.Profile}: {step.Summary}");
                WriteSettings(output, step.Settings, At, "       ");
            }
        }
        else
        {
            output.WriteLine();
            output.WriteLine("settings:");
            WriteSettings(output, report.Properties, At, "  ");
        }

        if (report.Ignored.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("ignored:");
            foreach (var item in report.Ignored)
            {
                output.WriteLine(item.What is null ? $"  {At(item.Location)}  {item.Reason}" : $"  {At(item.Location)}  {item.What}: {item.Reason}");
            }
        }

        if (report.Notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("notes:");
            foreach (var note in report.Notes)
            {
                output.WriteLine($"  {At(note.Location)}  {note.Message}");
            }
        }
    }

    private static void WriteSettings(TextWriter output, IReadOnlyList<ExplainSetting> settings, Func<SourceLocation, string> at, string indent)
    {
        var keyWidth = settings.Count == 0 ? 0 : settings.Max(s => s.Key.Length);
        var valueWidth = settings.Count == 0 ? 0 : settings.Max(s => FirstLine(s.Value).Length);
        foreach (var setting in settings)
        {
            output.WriteLine($"{indent}{setting.Key.PadRight(keyWidth)} = {FirstLine(setting.Value).PadRight(valueWidth)}  {at(setting.Location)}");
        }
    }

    // Sub-property blocks are shown on one line: "\nname = value\nother = x" -> "{name = value, other = x}".
    private static string FirstLine(string value)
        => value.Contains('\n', StringComparison.Ordinal)
            ? "{" + string.Join(", ", value.Split('\n', StringSplitOptions.RemoveEmptyEntries)) + "}"
            : value;

    private static void WriteJson(TextWriter output, ExplainReport report) => JsonOutput.Write(output, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("profile", report.Profile);
        writer.WritePropertyName("properties");
        WriteSettingsObject(writer, report.Properties);
        writer.WriteStartArray("chain");
        foreach (var step in report.Chain)
        {
            writer.WriteStartObject();
            writer.WriteString("profile", step.Profile);
            writer.WriteString("kind", step.Kind);
            writer.WriteString("summary", step.Summary);
            writer.WritePropertyName("settings");
            WriteSettingsObject(writer, step.Settings);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("ignored");
        foreach (var item in report.Ignored)
        {
            writer.WriteStartObject();
            writer.WriteNullable("what", item.What);
            writer.WriteString("file", item.Location.File);
            writer.WriteNumber("line", item.Location.Line);
            writer.WriteString("reason", item.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("notes");
        foreach (var note in report.Notes)
        {
            writer.WriteStartObject();
            writer.WriteString("file", note.Location.File);
            writer.WriteNumber("line", note.Location.Line);
            writer.WriteString("message", note.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNullable("error", report.Error?.Message);
        writer.WriteEndObject();
    });

    private static void WriteSettingsObject(Utf8JsonWriter writer, IReadOnlyList<ExplainSetting> settings)
    {
        writer.WriteStartObject();
        foreach (var setting in settings)
        {
            writer.WriteStartObject(setting.Key);
            writer.WriteString("value", setting.Value);
            writer.WriteString("file", setting.Location.File);
            writer.WriteNumber("line", setting.Location.Line);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
