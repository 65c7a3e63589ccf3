using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.Tests.Servers.RealClients;

/// <summary>
/// Starts the real clients: botocore (python3 with botocore 1.43, or SESAME_SANDBOX_PYTHON) and the AWS
/// SDK for .NET (tests/Sesame.SdkProbe, built with the tests). When one is missing the test fails with
/// how to get it; it never skips.
/// </summary>
internal static class RealClients
{
    private static readonly Lazy<string> PythonExecutable = new(FindPython);

    public static ClientProcess Botocore(IReadOnlyDictionary<string, string> environment)
        => ClientProcess.Start(PythonExecutable.Value, ["-u", Path.Combine(AppContext.BaseDirectory, "Servers", "RealClients", "credentials_probe.py")], environment);

    public static ClientProcess DotnetSdk(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var probe = Path.Combine(RepoPaths.RepoRoot, "tests", "Sesame.SdkProbe", "bin", configuration, "net10.0", "Sesame.SdkProbe.dll");
        if (!File.Exists(probe))
        {
            Assert.Fail($"the AWS SDK for .NET probe is missing at {probe}; build it with `dotnet build tests/Sesame.Tests` (it is a build dependency of the tests)");
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : ExternalTools.Require("dotnet", "dotnet-sdk-10.0");
        // The muxer needs nothing from the environment; these keep it quiet and off the real home.
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        return ClientProcess.Start(dotnet, ["exec", probe], variables);
    }

    private static string FindPython()
    {
        var interpreter = Environment.GetEnvironmentVariable("SESAME_SANDBOX_PYTHON") ?? "python3";
        try
        {
            // Resolve the real interpreter (pyenv shims need the user's HOME, which the clean environment replaces).
            using var process = Process.Start(new ProcessStartInfo(interpreter, ["-c", "import sys, botocore; print(sys.executable)"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            var error = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode == 0 && File.Exists(output))
            {
                return output;
            }

            Assert.Fail(Help(error));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail(Help(e.Message));
        }

        throw new InvalidOperationException("unreachable");
    }

    private static string Help(string detail) =>
        $"these tests drive botocore: {Environment.GetEnvironmentVariable("SESAME_SANDBOX_PYTHON") ?? "python3"} with botocore 1.43 is needed ({detail}). "
        + "Install it with `python3 -m pip install boto3==1.43.11` or point SESAME_SANDBOX_PYTHON at a python3 that has it.";
}
