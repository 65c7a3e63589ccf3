using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.ShellIntegration;

/// <summary>
/// strace attached to a running process (and every thread and child it makes), recording process
/// creation: <c>execve</c>, <c>fork</c>, <c>vfork</c>, and <c>clone</c>/<c>clone3</c>. A clone with
/// <c>CLONE_THREAD</c> is a new thread of the same process (fish and PowerShell run threads), not a
/// process, and is not counted.
/// </summary>
public sealed class ProcessTrace : IAsyncDisposable
{
    private readonly Process _strace;
    private readonly string _log;
    private bool _stopped;

    private ProcessTrace(Process strace, string log)
    {
        _strace = strace;
        _log = log;
    }

    public static async Task<ProcessTrace> AttachAsync(int pid, string log)
    {
        var program = ExternalTools.Require("strace", "strace");
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", "-e", "trace=execve,clone,clone3,fork,vfork", "-o", log, "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var strace = Process.Start(start)!;
        var trace = new ProcessTrace(strace, log);

        // strace says "Process N attached" on standard error once it traces.
        var attached = strace.StandardError.ReadLineAsync();
        if (await Task.WhenAny(attached, Task.Delay(TimeSpan.FromSeconds(30))) != attached || attached.Result?.Contains("attached", StringComparison.Ordinal) != true)
        {
            await trace.DisposeAsync();
            throw new InvalidOperationException($"strace could not attach to {pid} (it needs ptrace permission: run as root or with kernel.yama.ptrace_scope=0)");
        }

        _ = strace.StandardError.ReadToEndAsync();
        return trace;
    }

    /// <summary>Stops tracing and returns every traced call that created a process.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await StopCoreAsync();
        return File.ReadAllLines(_log).Where(CreatesProcess).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await StopCoreAsync();
        _strace.Dispose();
    }

    private static bool CreatesProcess(string line)
        => line.Contains("execve(", StringComparison.Ordinal)
            || line.Contains(" fork(", StringComparison.Ordinal) || line.Contains("vfork(", StringComparison.Ordinal)
            || ((line.Contains("clone(", StringComparison.Ordinal) || line.Contains("clone3(", StringComparison.Ordinal)) && !line.Contains("CLONE_THREAD", StringComparison.Ordinal));

    private async Task StopCoreAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_strace.HasExited)
        {
            // SIGINT makes strace detach cleanly and flush its log.
            using (var kill = Process.Start("kill", ["-INT", _strace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _strace.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _strace.Kill();
            }
        }
    }
}
