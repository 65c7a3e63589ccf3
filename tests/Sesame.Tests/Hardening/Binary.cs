using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>
/// The real executable for the hardening tests: under a chosen umask (through
/// <c>sh -c 'umask 000; exec sesame …'</c>), in a chosen working folder, or left running so a test
/// can signal it. Always a clean environment: only what the test gives plus what .NET needs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class Binary
{
    private static readonly string[] HostVariables = ["PATH", "DOTNET_ROOT", "DOTNET_CLI_TELEMETRY_OPTOUT", "TMPDIR", "LANG"];

    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? umask = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add((umask is null ? string.Empty : $"umask {umask}; ") + "exec \"$0\" \"$@\"");
        info.ArgumentList.Add(SesameProcess.ExecutablePath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
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

        return Process.Start(info)!;
    }

    public static async Task<SesameRun> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? umask = null, string? workingDirectory = null, string? input = null, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, environment, umask, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
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
            throw new TimeoutException($"sesame {string.Join(' ', arguments)} did not finish in time; stderr: {await stderr}");
        }

        return new SesameRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The environment every hardening run starts from: a private home, no kernel-keyring caching.</summary>
    public static Dictionary<string, string> Environment_(string home, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["SESAME_UNLOCK_TIMEOUT"] = "0",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>True while a process with this id exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the time is up.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(25);
        }

        return condition();
    }

    public static UnixFileMode Mode(string path) => File.GetUnixFileMode(path) & (UnixFileMode)0xFFF;
}
