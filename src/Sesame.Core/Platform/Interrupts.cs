using System.Runtime.InteropServices;
using Sesame.Core.Errors;

namespace Sesame.Core.Platform;

/// <summary>
/// How a Sesame process ends on SIGINT, SIGTERM or SIGHUP: promptly and cleanly. The first signal
/// cancels <see cref="Token"/> (commands unwind, helpers are killed by their runner) and, should the
/// process still be running after <see cref="Grace"/>, running helpers are killed with their process
/// group and the process exits with 128 + the signal; a second signal does that at once. Writes are
/// atomic, so ending at any point leaves every file whole. After a signal, an exception escaping on
/// another thread (System.CommandLine's own termination handler throws on a second signal) ends the
/// process with the signal's code instead of a crash report. Install once, at the start of <c>Main</c>.
/// </summary>
public static class Interrupts
{
    /// <summary>How long the first signal leaves the command to unwind by itself.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static readonly CancellationTokenSource Source = new();
    private static int _signals;
    private static int _exitCode;
    private static bool _installed;
    private static Action<int>? _forward;

    /// <summary>Cancelled by the first SIGINT, SIGTERM or SIGHUP once <see cref="Install"/> ran.</summary>
    public static CancellationToken Token => Source.Token;

    /// <summary>128 + the first signal received (130 SIGINT, 143 SIGTERM, 129 SIGHUP), or <c>null</c>.</summary>
    public static int? ExitCode => Volatile.Read(ref _exitCode) is > 0 and var code ? code : null;

    /// <summary>
    /// Installs the handlers (on Unix; elsewhere only Ctrl-C, through the console). Dispose the result
    /// to remove them (tests); the process normally keeps them until it ends.
    /// </summary>
    /// <param name="exit">Ends the process with a code; <see cref="Environment.Exit"/> unless a test supplies another.</param>
    public static IDisposable Install(Action<int>? exit = null)
    {
        var end = exit ?? Environment.Exit;
        var registrations = new List<IDisposable>();
        if (!OperatingSystem.IsWindows())
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, ExitCodes.Interrupted, end)));
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, ExitCodes.Terminated, end)));
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => OnSignal(c, ExitCodes.HungUp, end)));
        }
        else
        {
            ConsoleCancelEventHandler handler = (_, e) =>
            {
                e.Cancel = true;
                Received(ExitCodes.Interrupted, end);
            };
            Console.CancelKeyPress += handler;
            registrations.Add(new Callback(() => Console.CancelKeyPress -= handler));
        }

        _installed = true;
        return new Callback(() =>
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            _installed = false;
        });
    }

    /// <summary>True once <see cref="Install"/> ran (and was not undone).</summary>
    public static bool IsInstalled => _installed;

    /// <summary>
    /// While the result is not disposed, SIGTERM and SIGHUP are handed to <paramref name="forward"/>
    /// (with their number: 15, 1) instead of ending Sesame, and SIGINT is ignored: a program Sesame runs
    /// and serves (<c>exec --server</c>) shares the terminal's process group, so Ctrl-C already reached
    /// it, and Sesame must outlive it to keep serving. The program decides when to stop; Sesame exits
    /// after it.
    /// </summary>
    public static IDisposable ForwardWhile(Action<int> forward)
    {
        Volatile.Write(ref _forward, forward);
        return new Callback(() => Volatile.Write(ref _forward, null));
    }

    private static void OnSignal(PosixSignalContext context, int code, Action<int> end)
    {
        // Handled here: the runtime's default would end the process without killing helpers.
        context.Cancel = true;
        if (Volatile.Read(ref _forward) is { } forward)
        {
            if (code != ExitCodes.Interrupted)
            {
                forward(code - 128);
            }

            return;
        }

        Received(code, end);
    }

    private static void Received(int code, Action<int> end)
    {
        if (Interlocked.Increment(ref _signals) == 1)
        {
            Interlocked.CompareExchange(ref _exitCode, code, 0);

            // Only now, so the normal path pays nothing for it: from here on, an exception escaping
            // on any thread ends the process with the signal's code instead of a crash report.
            AppDomain.CurrentDomain.UnhandledException += (_, _) =>
            {
                HelperProcesses.KillAll();
                end(code);
            };
            var watchdog = new Thread(() =>
            {
                Thread.Sleep(Grace);
                HelperProcesses.KillAll();
                end(code);
            })
            {
                IsBackground = true,
                Name = "sesame interrupt watchdog",
            };
            watchdog.Start();
            try
            {
                Source.Cancel();
            }
            catch (AggregateException)
            {
                // A cancellation callback failed; the watchdog still ends the process.
            }

            return;
        }

        HelperProcesses.KillAll();
        end(ExitCode ?? code);
    }

    private sealed class Callback(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
