using System.Diagnostics;
using System.Runtime.InteropServices;
using Sesame.Core.Errors;

namespace Sesame.Core.Platform;

/// <summary>
/// The real <see cref="IProcessExecutor"/>. On Unix: <c>execve</c>, as aws-vault does, so there is
/// no parent left to forward (or double-deliver) signals — terraform, for one, treats a second
/// SIGINT as "stop now". Before replacing itself the process restores what the .NET runtime
/// changed and a child would inherit: SIGPIPE (ignored by .NET) back to its default action, and an
/// empty signal mask.
/// </summary>
public sealed partial class ProcessExecutor : IProcessExecutor
{
    /// <summary>Exit code when the command cannot be found (the shell convention).</summary>
    public const int CommandNotFound = 127;

    /// <summary>Exit code when the command exists but cannot be run (the shell convention).</summary>
    public const int CannotExecute = 126;

    private const int SIGPIPE = 13;

    /// <summary>The shared instance.</summary>
    public static ProcessExecutor Instance { get; } = new();

    /// <inheritdoc />
    public int Exec(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var path = Resolve(command, environment.GetValueOrDefault("PATH"))
            ?? throw new SesameException($"command not found: {command}", CommandNotFound);
        if (OperatingSystem.IsWindows())
        {
            return RunAndWait(path, arguments, environment);
        }

        Console.Out.Flush();
        Console.Error.Flush();
        ExecUnix(path, [command, .. arguments], environment);
        var errno = Marshal.GetLastPInvokeError();
        throw new SesameException($"cannot run {command}: {Marshal.GetPInvokeErrorMessage(errno)}", errno == 2 ? CommandNotFound : CannotExecute);
    }

    /// <inheritdoc />
    public async Task<int> RunAsync(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var path = Resolve(command, environment.GetValueOrDefault("PATH"))
            ?? throw new SesameException($"command not found: {command}", CommandNotFound);
        var info = new ProcessStartInfo(path) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SesameException($"cannot run {command}: {e.Message}", CannotExecute);
        }

        using (process)
        {
            var pid = process.Id;

            // The child is in our process group: the terminal's Ctrl-C reaches it; what is sent to Sesame alone is passed on.
            using var forwarding = Interrupts.ForwardWhile(signal => Posix.Kill(pid, signal));
            ConsoleCancelEventHandler ignore = (_, e) => e.Cancel = true;
            if (OperatingSystem.IsWindows())
            {
                Console.CancelKeyPress += ignore;
            }

            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Sesame is being stopped: the child must not outlive the server it uses.
                if (!Posix.Kill(pid, 15))
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            finally
            {
                if (OperatingSystem.IsWindows())
                {
                    Console.CancelKeyPress -= ignore;
                }
            }

            return process.ExitCode;
        }
    }

    /// <summary>Finds a command the way a shell does: as given when it contains a '/', else on PATH.</summary>
    public static string? Resolve(string command, string? pathVariable)
    {
        if (command.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && command.Contains('\\', StringComparison.Ordinal)))
        {
            return File.Exists(command) ? command : null;
        }

        foreach (var directory in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows())
            {
                foreach (var extension in new[] { ".exe", ".cmd", ".bat" })
                {
                    if (File.Exists(candidate + extension))
                    {
                        return candidate + extension;
                    }
                }
            }
        }

        return null;
    }

    private static int RunAndWait(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(path) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        // Ctrl-C reaches every process on the console; the child decides what to do with it.
        ConsoleCancelEventHandler ignore = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += ignore;
        try
        {
            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= ignore;
        }
    }

    private static unsafe void ExecUnix(string path, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment)
    {
        var allocations = new List<IntPtr>();
        try
        {
            var argvPointers = new IntPtr[argv.Count + 1];
            for (var i = 0; i < argv.Count; i++)
            {
                argvPointers[i] = Allocate(argv[i], allocations);
            }

            var envPointers = new IntPtr[environment.Count + 1];
            var index = 0;
            foreach (var (name, value) in environment)
            {
                envPointers[index++] = Allocate($"{name}={value}", allocations);
            }

            var pathPointer = Allocate(path, allocations);
            _ = Signal(SIGPIPE, IntPtr.Zero); // SIG_DFL
            var emptySet = stackalloc byte[128]; // covers sigset_t on Linux (128 bytes) and macOS (4 bytes)
            _ = SigProcMask(OperatingSystem.IsMacOS() ? 3 : 2, emptySet, null); // SIG_SETMASK
            fixed (IntPtr* argvArray = argvPointers)
            fixed (IntPtr* envArray = envPointers)
            {
                _ = ExecVe(pathPointer, argvArray, envArray);
            }
        }
        finally
        {
            foreach (var pointer in allocations)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private static IntPtr Allocate(string value, List<IntPtr> allocations)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(value);
        allocations.Add(pointer);
        return pointer;
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static unsafe partial int ExecVe(IntPtr path, IntPtr* argv, IntPtr* envp);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);

    [LibraryImport("libc", EntryPoint = "sigprocmask", SetLastError = true)]
    private static unsafe partial int SigProcMask(int how, byte* set, byte* oldSet);
}
