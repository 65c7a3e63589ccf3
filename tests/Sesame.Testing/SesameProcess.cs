using System.Diagnostics;

namespace Sesame.Testing;

/// <summary>How a run of the real <c>sesame</c> executable ended.</summary>
public sealed record SesameRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything the process printed, for secret scans.</summary>
    public string AllOutput => StandardOutput + StandardError;
}

/// <summary>
/// Runs the real <c>sesame</c> executable (the apphost copied next to the test assembly) with a
/// clean environment: only the variables a test gives, plus what the .NET host needs to start.
/// </summary>
public static class SesameProcess
{
    private static readonly string[] HostVariables = ["PATH", "DOTNET_ROOT", "DOTNET_CLI_TELEMETRY_OPTOUT", "TMPDIR", "LANG"];

    /// <summary>The path of the sesame executable under test.</summary>
    public static string ExecutablePath => SesameBinary.Path;

    /// <summary>Runs sesame with <paramref name="arguments"/> and waits at most <paramref name="timeout"/> (default 60 s).</summary>
    public static async Task<SesameRun> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string? standardInput = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var name in HostVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sesame {string.Join(' ', info.ArgumentList)} did not finish in time; output so far: {await stdout} {await stderr}");
        }

        return new SesameRun(process.ExitCode, await stdout, await stderr);
    }
}
