using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests;

/// <summary>
/// <c>scripts/try</c> as a newcomer runs it, from a shell whose own AWS, Sesame and XDG settings point at a
/// home of theirs: the demo runs clean (every step succeeds, no warning), the live sandbox prints a shell and
/// a settings file that move HOME into the sandbox, the MFA seed and the SAML user, and nothing of the
/// caller's home is read or written. Needs python3 with moto and boto3, like the sandbox.
/// </summary>
public sealed class TryScriptTests : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-try-test");

    public TryScriptTests()
    {
        // The newcomer's own set-up: a profile, Sesame settings, XDG folders, all in a home of theirs.
        _temp.Write("home/.aws/config", "[profile mine]\nregion = eu-west-1\n");
    }

    private string Home => _temp.Combine("home");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_demo_runs_clean_and_never_touches_the_callers_home()
    {
        var before = Snapshot();

        var (exit, output) = Run(["--demo"], TimeSpan.FromMinutes(8));

        Assert.True(exit == 0, output);
        Assert.Contains("Every step of the demo succeeded.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(exit ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sesame: error", output, StringComparison.Ordinal);
        Assert.Contains("$ sesame whoami alice\n  arn:aws:iam::111111111111:user/alice", output, StringComparison.Ordinal);
        Assert.Contains("$ sesame whoami sso-prod-admin\n  arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void The_live_sandbox_prints_a_shell_the_settings_with_its_own_home_the_mfa_seed_and_the_saml_user()
    {
        var info = Start([]);
        using var process = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(8);
            string Text()
            {
                lock (output)
                {
                    return output.ToString();
                }
            }

            while (!Text().Contains("Press Ctrl-C", StringComparison.Ordinal))
            {
                Assert.False(process.HasExited, Text());
                Assert.True(DateTime.UtcNow < deadline, "scripts/try did not start in time:\n" + Text());
                Thread.Sleep(500);
            }

            var text = Text();
            var settings = text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("source ", StringComparison.Ordinal))["source ".Length..];
            var work = Path.GetDirectoryName(settings)!;
            Assert.Contains($"  {work}/shell\n", text, StringComparison.Ordinal);
            Assert.Matches("paste the device's seed: [A-Z2-7]{32}", text);
            Assert.Contains("user alice, password alice-password", text, StringComparison.Ordinal);

            // What a pasted `source` does: HOME, the store and every AWS variable point into the sandbox.
            var (exit, stdout, stderr) = ExternalTools.Run(
                "/bin/bash",
                ["-c", $"source '{settings}'; echo \"HOME=$HOME\"; echo \"AWS_PROFILE=${{AWS_PROFILE:-}} XDG_DATA_HOME=${{XDG_DATA_HOME:-}}\"; sesame setup >/dev/null && sesame whoami dev-developer"],
                CallerSettings(),
                timeoutMs: 120_000);
            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains($"HOME={work}/home\n", stdout, StringComparison.Ordinal);
            Assert.Contains("AWS_PROFILE= XDG_DATA_HOME=\n", stdout, StringComparison.Ordinal);
            Assert.Contains("assumed-role/Developer/", stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(Home, ".local", "share", "sesame")));
        }
        finally
        {
            if (!process.HasExited)
            {
                // SIGTERM, as Ctrl-C would: the script's trap stops the sandbox and deletes its folder.
                using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                }

                if (!process.WaitForExit(30_000))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private (int Exit, string Output) Run(string[] arguments, TimeSpan timeout)
    {
        using var process = Process.Start(Start(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/try {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private ProcessStartInfo Start(string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(RepoPaths.RepoRoot, "scripts", "try"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.RepoRoot,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        CallerEnvironment.Scrub(info);
        foreach (var (name, value) in CallerSettings())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    // A newcomer's shell: their own home, profile, store choice and XDG folders (all of which the sandbox must ignore).
    private Dictionary<string, string> CallerSettings() => new(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["AWS_PROFILE"] = "mine",
        ["AWS_CONFIG_FILE"] = Path.Combine(Home, ".aws", "config"),
        ["SESAME_BACKEND"] = "pass",
        ["XDG_DATA_HOME"] = Path.Combine(Home, ".local", "share"),
        ["XDG_CACHE_HOME"] = Path.Combine(Home, ".cache"),
        // The build reads the packages the test host already restored, instead of restoring into the fake home.
        ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private string Snapshot()
        => string.Join('\n', Directory.GetFiles(Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.dotnet/", StringComparison.Ordinal) && !f.Contains("/.nuget/", StringComparison.Ordinal) && !f.Contains("/.local/share/NuGet", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f} {File.GetLastWriteTimeUtc(f):O} {new FileInfo(f).Length}"));
}
