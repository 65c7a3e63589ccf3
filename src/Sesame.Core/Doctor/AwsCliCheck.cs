using System.Globalization;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Runtime;

namespace Sesame.Core.Doctor;

/// <summary>
/// The AWS CLI found on <c>PATH</c> (<c>aws --version</c>, through the process-runner seam) and what its
/// version cannot do with this set-up: before 2.13 (v2) and 1.29 (v1) it ignores <c>AWS_ENDPOINT_URL_*</c>,
/// <c>endpoint_url</c> and <c>[services]</c> (so its calls go to the default AWS endpoints, not the ones
/// Sesame uses); before 2.9 it does not know <c>[sso-session]</c>; v1 has no <c>aws sso login</c>.
/// </summary>
internal static class AwsCliCheck
{
    public static async Task RunAsync(SesameRuntime runtime, ProfileSet? profiles, List<DoctorFinding> findings, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await runtime.Seams.Processes.RunAsync(
                new ProcessSpec("aws", ["--version"]) { CaptureStandardError = true, Timeout = TimeSpan.FromSeconds(20) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SesameException)
        {
            findings.Add(new(DoctorSeverity.Info, "aws-cli", "no AWS CLI ('aws') on PATH; nothing to check", null, null));
            return;
        }

        // v2 prints "aws-cli/2.15.0 Python/3.11 Linux/…" on stdout; old v1 releases print it on stderr.
        if (result.TimedOut || !TryParse(result.StandardOutput + "\n" + result.StandardError, out var version))
        {
            var said = FirstLine(result.StandardError) ?? FirstLine(result.StandardOutput);
            findings.Add(new(
                DoctorSeverity.Info,
                "aws-cli",
                result.TimedOut ? "'aws --version' did not finish within 20 s; nothing to check"
                    : said is null ? "'aws --version' did not print a version Sesame recognises; nothing to check"
                    : $"'aws --version' did not print a version (exit {result.ExitCode}: {said}); nothing to check",
                null,
                null));
            return;
        }

        var text = version.ToString();
        var endpoints = UsesEndpointSettings(runtime.Seams.Environment, profiles);
        var before = version.Major == 1 ? new Version(1, 29) : new Version(2, 13);
        var problems = 0;
        if (version.Major <= 2 && version < before)
        {
            problems++;
            findings.Add(new(
                endpoints ? DoctorSeverity.Warning : DoctorSeverity.Info,
                "aws-cli-endpoints",
                $"AWS CLI {text} ignores AWS_ENDPOINT_URL_*, endpoint_url and [services] sections (they arrived in {before.Major}.{before.Minor})"
                    + (endpoints ? ": you set some, so its calls go to the default AWS endpoints while Sesame's go to yours" : "; you set none, so this does not matter now"),
                null,
                endpoints ? $"upgrade the AWS CLI to {before.Major}.{before.Minor} or later" : null));
        }

        if (version.Major == 2 && version < new Version(2, 9) && profiles?.SsoSessions.Any() == true)
        {
            problems++;
            findings.Add(new(
                DoctorSeverity.Warning,
                "aws-cli-sso-session",
                $"AWS CLI {text} does not know [sso-session] sections (2.9 and later do): profiles with sso_session fail in it",
                null,
                "upgrade the AWS CLI, or give those profiles credential_process = sesame credential-process <profile>"));
        }

        if (version.Major == 1)
        {
            problems++;
            findings.Add(new(
                DoctorSeverity.Info,
                "aws-cli-v1",
                $"AWS CLI {text} is version 1 (in maintenance mode): it has no 'aws sso login' ('sesame sso login' writes the token it reads) and no browser sign-in of its own; credential_process profiles work in it",
                null,
                null));
        }

        if (problems == 0)
        {
            findings.Add(new(DoctorSeverity.Info, "aws-cli", $"AWS CLI {text}: no known limits for this set-up", null, null));
        }
    }

    /// <summary>Reads <c>aws-cli/X.Y.Z</c> from <c>aws --version</c>'s output.</summary>
    public static bool TryParse(string output, out Version version)
    {
        version = new Version(0, 0);
        var start = output.IndexOf("aws-cli/", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        start += "aws-cli/".Length;
        var end = start;
        while (end < output.Length && (char.IsAsciiDigit(output[end]) || output[end] == '.'))
        {
            end++;
        }

        var parts = output[start..end].Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts.Length > 4)
        {
            return false;
        }

        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = parts.Length == 2 ? new Version(numbers[0], numbers[1]) : new Version(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    private static string? FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        var first = (end < 0 ? line : line[..end]).ToString();
        return first.Length == 0 ? null : TerminalText.Sanitize(first.Length > 200 ? first[..200] + "…" : first);
    }

    private static bool UsesEndpointSettings(IEnvironment environment, ProfileSet? profiles)
    {
        foreach (var name in environment.GetAll().Keys)
        {
            if (name.StartsWith("AWS_ENDPOINT_URL", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(environment.GetVariable(name)))
            {
                return true;
            }
        }

        return profiles is not null && (profiles.ServicesSections.Any() || profiles.Profiles.Any(p => p.Has(Keys.EndpointUrl)));
    }
}
