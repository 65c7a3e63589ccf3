using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests;

/// <summary>
/// The framework-dependent <c>dotnet tool</c> package (docs/releasing.md): packed from src/Sesame.Cli as built for
/// these tests, installed with the real <c>dotnet tool install</c> from a local folder only, and run. Everything
/// (HOME, the .NET CLI's home, the NuGet package folder and sources) lives in a temporary folder.
/// </summary>
public sealed class DotnetToolTests
{
    [Fact]
    public async Task The_tool_package_installs_from_a_folder_and_runs_sesame()
    {
        using var temp = new TempDirectory("sesame-tool");
        var home = temp.Combine("home");
        Directory.CreateDirectory(home);
        var packages = temp.Combine("packages");
        // Only the folder the package was packed into: nothing else is asked for it.
        var nugetConfig = temp.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = temp.Combine("nuget"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };

        // The build these tests run on already compiled the CLI: pack it without building again.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var pack = await RunAsync("dotnet", ["pack", Path.Combine(RepoPaths.RepoRoot, "src", "Sesame.Cli", "Sesame.Cli.csproj"), "-c", configuration, "--no-build", "-o", packages], environment);
        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.Single(Directory.GetFiles(packages, "sesame.*.nupkg"));

        var tools = temp.Combine("tools");
        var install = await RunAsync("dotnet", ["tool", "install", "sesame", "--tool-path", tools, "--configfile", nugetConfig], environment);
        Assert.True(install.ExitCode == 0, install.Output);

        var sesame = Path.Combine(tools, OperatingSystem.IsWindows() ? "sesame.exe" : "sesame");
        var help = await RunAsync(sesame, ["--help"], environment);
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("credential-process", help.Output, StringComparison.Ordinal);

        // And it does real work: the profiles of the isolated home.
        Directory.CreateDirectory(Path.Combine(home, ".aws"));
        await File.WriteAllTextAsync(Path.Combine(home, ".aws", "config"), "[profile tool-test]\nregion = eu-west-1\n");
        var list = await RunAsync(sesame, ["list", "--json"], environment);
        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Contains("\"tool-test\"", list.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = environment["HOME"],
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A clean environment: the test host's own variables (MSBuild's among them) would steer the child dotnet.
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in 4 minutes: {await stdout}{await stderr}");
        }

        return (process.ExitCode, $"{fileName} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{await stdout}{await stderr}");
    }
}
