using System.Diagnostics;

namespace Sesame.Core.Platform;

/// <summary>
/// The helpers running right now (<c>credential_process</c>, <c>mfa_process</c>, store tools), so
/// that whoever ends the process early (<see cref="Interrupts"/> on SIGTERM/SIGINT) can take them
/// along instead of leaving them orphaned: a helper in its own process group is killed with the
/// group, one that shares ours (it owns the terminal with us) with its process tree.
/// </summary>
public static class HelperProcesses
{
    private static readonly Dictionary<int, bool> Running = [];

    /// <summary>Registers a started helper until the returned handle is disposed.</summary>
    internal static IDisposable Track(int pid, bool ownGroup)
    {
        lock (Running)
        {
            Running[pid] = ownGroup;
        }

        return new Registration(pid);
    }

    /// <summary>Kills every running helper (and what it started). Safe to call from a signal handler thread.</summary>
    public static void KillAll()
    {
        KeyValuePair<int, bool>[] running;
        lock (Running)
        {
            running = [.. Running];
        }

        foreach (var (pid, ownGroup) in running)
        {
            Kill(pid, ownGroup);
        }
    }

    /// <summary>Kills one helper: its whole group when it has one, else its process tree.</summary>
    internal static void Kill(int pid, bool ownGroup)
    {
        if (ownGroup && Posix.Kill(-pid, Posix.SIGKILL))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private sealed class Registration(int pid) : IDisposable
    {
        public void Dispose()
        {
            lock (Running)
            {
                Running.Remove(pid);
            }
        }
    }
}
