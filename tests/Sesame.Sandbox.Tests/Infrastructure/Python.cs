using System.Diagnostics;
using System.Text.Json;
using Sesame.Sandbox.Clients;

namespace Sesame.Sandbox.Tests.Infrastructure;

/// <summary>
/// Runs Python/scenario.py (boto3/botocore) in a client home. The clients must be on the machine: when
/// they are not, tests fail with a message saying how to get them (never skip).
/// </summary>
public static class Python
{
    private static readonly Lazy<string?> Missing = new(Probe);

    /// <summary>The interpreter: SESAME_SANDBOX_PYTHON or python3.</summary>
    public static string Interpreter => Environment.GetEnvironmentVariable("SESAME_SANDBOX_PYTHON") ?? "python3";

    /// <summary>The scenario script beside the test assembly.</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "Python", "scenario.py");

    /// <summary>Fails the test when boto3/botocore are missing.</summary>
    public static void Require()
    {
        if (Missing.Value is { } why)
        {
            Assert.Fail(why);
        }
    }

    /// <summary>Runs one scenario and returns its JSON result.</summary>
    public static async Task<JsonElement> RunAsync(ClientHome home, string scenario, params string[] arguments) =>
        Parse(await StartAsync(home, scenario, arguments), scenario);

    /// <summary>Runs one scenario; the caller awaits it (for scenarios the test interacts with while they run).</summary>
    public static Task<ProcessResult> StartAsync(ClientHome home, string scenario, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        Require();
        return home.RunAsync(Interpreter, [Script, scenario, .. arguments], extraEnvironment: environment, timeout: TimeSpan.FromMinutes(4));
    }

    /// <summary>The JSON a scenario printed; fails the test with its output otherwise.</summary>
    public static JsonElement Parse(ProcessResult result, string scenario)
    {
        var last = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (result.ExitCode != 0 || last is null)
        {
            Assert.Fail($"scenario {scenario} failed:\n{result}");
        }

        return JsonDocument.Parse(last).RootElement.Clone();
    }

    private static string? Probe()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Interpreter, ["-c", "import boto3, botocore; print(botocore.__version__)"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : Help(error.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return Help(e.Message);
        }
    }

    private static string Help(string detail) =>
        $"These fidelity tests drive real AWS clients: {Interpreter} with boto3/botocore (1.43.x) is needed ({detail}). " +
        "Install them with `python3 -m pip install boto3==1.43.11 'moto[server]==5.2.1'` or point SESAME_SANDBOX_PYTHON at a python3 that has them.";
}
