using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Doctor;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame doctor [--json] [--offline]</c>: check the set-up and say what to fix.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json("Print a JSON array of findings: severity, check, message, file, line, fix");
        var offline = new Option<bool>("--offline") { Description = "Skip the one network check (the clock against STS)" };
        var command = new Command(
            "doctor",
            """
            Check your AWS and Sesame set-up and say what to fix, with the file and line: config sections the AWS
            CLI would refuse or read differently, profiles no tool can use, credential_process loops, plaintext
            keys, the secret store and the kernel keyring, file permissions, the clock against STS, sesame
            missing from PATH, IAM Identity Center sign-ins about to expire, AWS CLI version limits, and what
            aws-adfs or saml2aws left behind. Reads only: it never unlocks or creates the store, writes nothing
            and needs no credentials. Exit code 0 when nothing is wrong, 18 when it found a warning or an error.

            Examples:
              sesame doctor
              sesame doctor --json | jq '.[] | select(.severity != "info")'
              sesame doctor --offline
            """);
        command.Options.Add(json);
        command.Options.Add(offline);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var runtime = context.ReadOnlyRuntime(parseResult.GetValue(GlobalOptions.Debug));
            var report = await new SesameDoctor(runtime, new DoctorOptions(Offline: parseResult.GetValue(offline))).RunAsync(cancellationToken).ConfigureAwait(false);
            var ordered = report.Findings.OrderByDescending(f => f.Severity).ToList();
            var home = runtime.Locator.HomeDirectory;
            if (parseResult.GetValue(json))
            {
                WriteJson(context, ordered);
            }
            else
            {
                WriteText(context, ordered, report, home);
            }

            return report.IsHealthy ? ExitCodes.Success : ExitCodes.DoctorFoundProblems;
        });
        return command;
    }

    private static void WriteText(CliContext context, List<DoctorFinding> findings, DoctorReport report, string? home)
    {
        foreach (var finding in findings)
        {
            var at = finding.At is { } location ? "  " + Where(location, home) : string.Empty;
            context.Out.WriteLine($"{Label(finding.Severity),-8}{finding.Check}{at}");
            context.Out.WriteLine($"        {TerminalText.Sanitize(finding.Message)}");
            if (finding.Fix is { } fix)
            {
                context.Out.WriteLine($"        fix: {TerminalText.Sanitize(fix)}");
            }

            context.Out.WriteLine();
        }

        var errors = findings.Count(f => f.Severity == DoctorSeverity.Error);
        var warnings = findings.Count(f => f.Severity == DoctorSeverity.Warning);
        var notes = findings.Count - errors - warnings;
        context.Out.WriteLine(report.IsHealthy
            ? $"No problems found ({Count(notes, "note")})."
            : $"{Count(errors, "error")} and {Count(warnings, "warning")} found ({Count(notes, "note")}).");
    }

    private static void WriteJson(CliContext context, List<DoctorFinding> findings)
        => JsonOutput.Write(context.Out, writer =>
        {
            writer.WriteStartArray();
            foreach (var finding in findings)
            {
                writer.WriteStartObject();
                writer.WriteString("severity", Label(finding.Severity));
                writer.WriteString("check", finding.Check);
                writer.WriteString("message", finding.Message);
                writer.WriteNullable("file", finding.At?.File);
                if (finding.At is { Line: > 0 } at)
                {
                    writer.WriteNumber("line", at.Line);
                }
                else
                {
                    writer.WriteNull("line");
                }

                writer.WriteNullable("fix", finding.Fix);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    private static string Where(Core.Config.SourceLocation at, string? home)
        => at.Line > 0 ? $"{PathDisplay.Shorten(at.File, home)}:{at.Line}" : PathDisplay.Shorten(at.File, home);

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";

    // Spelled out: Enum.ToString reflects.
    private static string Label(DoctorSeverity severity) => severity switch
    {
        DoctorSeverity.Error => "error",
        DoctorSeverity.Warning => "warning",
        _ => "info",
    };
}
