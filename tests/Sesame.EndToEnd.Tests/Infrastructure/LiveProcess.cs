using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sesame.Sandbox.Clients;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A long-running process of a test (<c>sesame serve</c>, <c>sesame exec --server -- probe</c>,
/// <c>sesame refresh --watch</c>) with a home's clean environment: the test writes lines to it, reads
/// its standard output line by line and its standard error as a whole. Disposing sends SIGTERM, waits a
/// little, then kills the process tree, so nothing outlives the test.
/// </summary>
public sealed class LiveProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private LiveProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything written to standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="program"/> in <paramref name="home"/>'s environment (nothing of the test host's AWS, Sesame or XDG settings).</summary>
    public static LiveProcess Start(ClientHome home, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        // Through env --default-signal: a test host started in the background by a non-interactive shell (as CI
        // may be) ignores SIGINT and SIGQUIT, children inherit that, and .NET keeps an inherited "ignore" (as a
        // shell's background job should), so a test's Ctrl-C would never arrive. The same pid runs the program.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Path,
        };
        start.ArgumentList.Add("--default-signal=INT,QUIT");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        CallerEnvironment.Scrub(start);
        foreach (var (key, value) in home.Environment.Concat(extraEnvironment ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        return new LiveProcess(Process.Start(start)!);
    }

    /// <summary>Reads the next line of standard output (fails the test after <paramref name="timeout"/>, default 60 s).</summary>
    public async Task<string> ReadLineAsync(TimeSpan? timeout = null)
    {
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(line is not null, $"the process ended without writing a line (exit {(_process.HasExited ? _process.ExitCode : -1)}):\n{StandardError}");
        return line;
    }

    /// <summary>Sends a command line and parses the JSON line it answers (the probes' protocol).</summary>
    public async Task<JsonElement> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        var line = await ReadLineAsync();
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"not a JSON answer to '{command}': {line}\n{StandardError}");
            throw;
        }
    }

    /// <summary>Like <see cref="AskAsync"/>, failing the test with the client's error when it reports one.</summary>
    public async Task<JsonElement> AskOkAsync(string command)
    {
        var answer = await AskAsync(command);
        if (answer.TryGetProperty("error", out var error))
        {
            Assert.Fail($"the client failed '{command}': {error.GetString()}\n{StandardError}");
        }

        return answer;
    }

    /// <summary>Sends a signal (15 SIGTERM, 2 SIGINT, 9 SIGKILL).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Say what the process was doing: its state and what it had written.
            var state = File.Exists($"/proc/{Id}/stat") ? File.ReadAllText($"/proc/{Id}/stat") : "gone";
            throw new TimeoutException($"process {Id} did not end in time (exited: {_process.HasExited}; /proc stat: {state.Trim()}); its standard error so far:\n{StandardError}");
        }

        return _process.ExitCode;
    }

    /// <summary>Closes standard input (probes exit on end of input).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signal(15);
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
