using System.Text.Json;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Doctor;

/// <summary>One finding of <c>sesame doctor --json</c>.</summary>
internal sealed record Finding(string Severity, string Check, string Message, string? File, int? Line, string? Fix);

/// <summary>
/// A home for <c>sesame doctor</c> in the in-process tester: tidy permissions, an STS that answers with
/// this test's clock in its Date header, an AWS CLI 2.15 on the process seam, a PATH with a
/// <c>sesame</c> on it. Each test breaks one thing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX
internal sealed class DoctorHome : IDisposable
{
    public DoctorHome()
    {
        Tester.Processes = Processes;
        Tester.Http = new ScriptedHttpHandler((request, _) =>
        {
            StsRequests.Add(request.Uri);
            return ScriptedHttpHandler.Respond(StsStatus, "<ErrorResponse/>", ("Date", (Tester.Time.GetUtcNow() + StsClockOffset).ToString("r")));
        });
        Directory.CreateDirectory(Bin);
        WriteExecutable(Path.Combine(Bin, "sesame"), "#!/bin/sh\nexit 0\n");
        Tester.Environment["PATH"] = Bin + ":/usr/bin:/bin";
        File.SetUnixFileMode(Tester.Temp.Combine("home", ".aws"), FileModes.OwnerAll);
    }

    public SesameTester Tester { get; } = new();

    public string Bin => Tester.Temp.Combine("bin");

    public string AwsVersionOutput { get; set; } = "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0 exe/x86_64.debian.12\n";

    public TimeSpan StsClockOffset { get; set; }

    public int StsStatus { get; set; } = 403;

    public List<Uri> StsRequests { get; } = [];

    public ScriptedProcessRunner Processes => _processes ??= new ScriptedProcessRunner(spec => spec.FileName == "aws"
        ? new ProcessResult(0, AwsVersionOutput, string.Empty, TimedOut: false)
        : throw new SesameException($"cannot start the helper {spec.FileName}: not found on PATH", ExitCodes.CredentialsFailed));

    private ScriptedProcessRunner? _processes;

    public DoctorHome WithConfig(string text)
    {
        Tester.WithConfig(text);
        return this;
    }

    public DoctorHome WithCredentials(string text)
    {
        Tester.WithCredentials(text);
        File.SetUnixFileMode(Tester.CredentialsPath, FileModes.OwnerReadWrite);
        return this;
    }

    /// <summary>Writes an IAM Identity Center token for a session into the AWS CLI's cache.</summary>
    public void WithSsoToken(string cacheKey, TimeSpan expiresIn, bool refreshable, TimeSpan registrationExpiresIn)
    {
        var now = Tester.Time.GetUtcNow();
        new SsoTokenCache(new ConfigFileLocator(Tester.Environment), PhysicalFileSystem.Instance).Write(cacheKey, new SsoTokenFile(
            "aoaDOCTORaccessTOKEN",
            now + expiresIn,
            "https://d-1234567890.awsapps.com/start",
            "eu-west-1",
            refreshable ? "aorDOCTORrefreshTOKEN" : null,
            refreshable ? "client-1" : null,
            refreshable ? "client-secret-1" : null,
            now + registrationExpiresIn));
    }

    public static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    public CliRun Run(params string[] args) => Tester.Run(["doctor", .. args]);

    /// <summary>Runs <c>doctor --json</c> and returns its exit code and findings.</summary>
    public (int Exit, List<Finding> Findings) Findings()
    {
        var run = Tester.Run("doctor", "--json");
        Assert.True(run.Exit is 0 or ExitCodes.DoctorFoundProblems, $"doctor exited {run.Exit}: {run.Err}");
        // The tester writes <HOME> and <TEMP> for the temporary folders; findings name the real paths.
        using var document = JsonDocument.Parse(run.Out.Replace("<HOME>", Tester.Home, StringComparison.Ordinal).Replace("<TEMP>", Tester.Temp.Path, StringComparison.Ordinal));
        var findings = new List<Finding>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            findings.Add(new Finding(
                item.GetProperty("severity").GetString()!,
                item.GetProperty("check").GetString()!,
                item.GetProperty("message").GetString()!,
                item.GetProperty("file").GetString(),
                item.GetProperty("line").ValueKind == JsonValueKind.Number ? item.GetProperty("line").GetInt32() : null,
                item.GetProperty("fix").GetString()));
        }

        return (run.Exit, findings);
    }

    /// <summary>The one finding of a check (fails when there is none or more than one), with every other problem listed on failure.</summary>
    public Finding Single(string check)
    {
        var (exit, findings) = Findings();
        var matching = findings.Where(f => f.Check == check).ToList();
        Assert.True(matching.Count == 1, $"expected one '{check}' finding, got {matching.Count}:\n{string.Join("\n", findings.Select(f => $"{f.Severity} {f.Check}: {f.Message}"))}");
        if (matching[0].Severity != "info")
        {
            Assert.Equal(ExitCodes.DoctorFoundProblems, exit);
        }

        return matching[0];
    }

    public void Dispose() => Tester.Dispose();
}
