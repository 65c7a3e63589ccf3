using System.Diagnostics;

namespace Sesame.Testing;

/// <summary>Finds the Debian programs some tests need, failing (never skipping) with how to install them.</summary>
public static class ExternalTools
{
    public static string Require(string program, string package)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"this test needs '{program}': apt-get install {package} (scripts/test-deps installs it and every other tool the tests need)");
    }

    /// <summary>Runs a program to completion with extra variables; returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Out, string Err) Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? input = null, int timeoutMs = 60_000)
    {
        var info = new ProcessStartInfo(program)
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

        CallerEnvironment.Scrub(info);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeoutMs} ms");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
