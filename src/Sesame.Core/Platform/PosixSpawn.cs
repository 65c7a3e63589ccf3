using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sesame.Core.Platform;

/// <summary>
/// Starts a helper with <c>posix_spawn</c> (Linux), which .NET's <c>Process</c> cannot do for us:
/// in a process group of its own (<c>POSIX_SPAWN_SETPGROUP</c>), so that a cancellation or time-out
/// kills the helper and everything it started with one <c>kill(-pgid)</c>; with the signals .NET
/// changes (SIGPIPE ignored, others handled) back at their defaults and an empty signal mask; with
/// pipes for standard input and output (and error, when captured).
/// </summary>
internal static unsafe partial class PosixSpawn
{
    private const short SetProcessGroup = 0x02;
    private const short SetSignalDefaults = 0x04;
    private const short SetSignalMask = 0x08;
    private const int OCloExec = 0x80000;

    // glibc: posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128; room to spare.
    private const int AttributesSize = 1024;
    private const int FileActionsSize = 512;
    private const int SignalSetSize = 256;

    private static readonly int[] DefaultedSignals = [1, 2, 3, 10, 12, 13, 14, 15, 17, 20, 21, 22, 25];

    /// <summary>A started helper: its pid (also its process group when <see cref="OwnGroup"/>) and our ends of its pipes.</summary>
    internal sealed record Started(int Pid, bool OwnGroup, SafeFileHandle StandardInput, SafeFileHandle StandardOutput, SafeFileHandle? StandardError);

    /// <summary>Spawns <paramref name="path"/>; throws <see cref="IOException"/> when it cannot be started.</summary>
    public static Started Spawn(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory, bool captureStandardError, bool ownGroup)
    {
        var input = Pipe();
        var output = Pipe();
        var error = captureStandardError ? Pipe() : ((SafeFileHandle Read, SafeFileHandle Write)?)null;
        var allocations = new List<IntPtr>();
        var attributes = NativeMemory.AllocZeroed(AttributesSize);
        var actions = NativeMemory.AllocZeroed(FileActionsSize);
        var signals = NativeMemory.AllocZeroed(SignalSetSize);
        var actionsReady = false;
        var attributesReady = false;
        try
        {
            Check(Native.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            actionsReady = true;
            Check(Native.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            attributesReady = true;

            Check(Native.posix_spawn_file_actions_adddup2(actions, Fd(input.Read), 0), "adddup2");
            Check(Native.posix_spawn_file_actions_adddup2(actions, Fd(output.Write), 1), "adddup2");
            if (error is { } e)
            {
                Check(Native.posix_spawn_file_actions_adddup2(actions, Fd(e.Write), 2), "adddup2");
            }

            if (workingDirectory is not null)
            {
                var directory = Allocate(workingDirectory, allocations);
                Check(Native.posix_spawn_file_actions_addchdir_np(actions, directory), "addchdir");
            }

            var flags = (short)(SetSignalDefaults | SetSignalMask | (ownGroup ? SetProcessGroup : 0));
            Check(Native.posix_spawnattr_setflags(attributes, flags), "setflags");
            if (ownGroup)
            {
                Check(Native.posix_spawnattr_setpgroup(attributes, 0), "setpgroup");
            }

            _ = Native.sigemptyset(signals);
            Check(Native.posix_spawnattr_setsigmask(attributes, signals), "setsigmask");
            foreach (var signal in DefaultedSignals)
            {
                _ = Native.sigaddset(signals, signal);
            }

            Check(Native.posix_spawnattr_setsigdefault(attributes, signals), "setsigdefault");

            var argv = new IntPtr[arguments.Count + 2];
            argv[0] = Allocate(path, allocations);
            for (var i = 0; i < arguments.Count; i++)
            {
                argv[i + 1] = Allocate(arguments[i], allocations);
            }

            var envp = new IntPtr[environment.Count + 1];
            var index = 0;
            foreach (var (name, value) in environment)
            {
                envp[index++] = Allocate($"{name}={value}", allocations);
            }

            int pid;
            int result;
            fixed (IntPtr* argvArray = argv)
            fixed (IntPtr* envArray = envp)
            {
                result = Native.posix_spawn(&pid, argv[0], actions, attributes, argvArray, envArray);
            }

            if (result != 0)
            {
                throw new IOException($"cannot run {path}: {Marshal.GetPInvokeErrorMessage(result)}");
            }

            // The child has its copies; ours of the child's ends must go, or reads never see end-of-file.
            input.Read.Dispose();
            output.Write.Dispose();
            error?.Write.Dispose();
            return new Started(pid, ownGroup, input.Write, output.Read, error?.Read);
        }
        catch
        {
            input.Read.Dispose();
            input.Write.Dispose();
            output.Read.Dispose();
            output.Write.Dispose();
            error?.Read.Dispose();
            error?.Write.Dispose();
            throw;
        }
        finally
        {
            if (actionsReady)
            {
                _ = Native.posix_spawn_file_actions_destroy(actions);
            }

            if (attributesReady)
            {
                _ = Native.posix_spawnattr_destroy(attributes);
            }

            NativeMemory.Free(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(signals);
            foreach (var pointer in allocations)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    /// <summary>Waits for the child to end (blocking) and returns its exit code (128 + signal when killed).</summary>
    public static int Wait(int pid)
    {
        while (true)
        {
            int status;
            var result = Native.waitpid(pid, &status, 0);
            if (result == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (result < 0 && errno != 4)
            {
                // ECHILD: someone else reaped it; the exit code is lost.
                return -1;
            }
        }
    }

    /// <summary>
    /// True when this process is in the foreground process group of its controlling terminal: a
    /// helper must then stay in our group, where it can read the terminal (a password or MFA
    /// prompt) and gets Ctrl-C with us; elsewhere it gets a group of its own.
    /// </summary>
    public static bool OwnsTerminalForeground()
    {
        var fd = Native.open("/dev/tty", 2 | 0x100 | OCloExec, 0);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            var foreground = Native.tcgetpgrp(fd);
            return foreground > 0 && foreground == Native.getpgrp();
        }
        finally
        {
            _ = Native.close(fd);
        }
    }

    private static (SafeFileHandle Read, SafeFileHandle Write) Pipe()
    {
        var fds = stackalloc int[2];
        if (Native.pipe2(fds, OCloExec) != 0)
        {
            throw new IOException($"cannot create a pipe: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new IOException($"cannot start a helper ({what}: {Marshal.GetPInvokeErrorMessage(result)})");
        }
    }

    private static IntPtr Allocate(string text, List<IntPtr> allocations)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        allocations.Add(pointer);
        return pointer;
    }

    private static partial class Native
    {
        [LibraryImport("libc")]
        internal static partial int posix_spawn(int* pid, IntPtr path, void* fileActions, void* attributes, IntPtr* argv, IntPtr* envp);

        [LibraryImport("libc")]
        internal static partial int posix_spawn_file_actions_init(void* actions);

        [LibraryImport("libc")]
        internal static partial int posix_spawn_file_actions_destroy(void* actions);

        [LibraryImport("libc")]
        internal static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

        [LibraryImport("libc")]
        internal static partial int posix_spawn_file_actions_addchdir_np(void* actions, IntPtr path);

        [LibraryImport("libc")]
        internal static partial int posix_spawnattr_init(void* attributes);

        [LibraryImport("libc")]
        internal static partial int posix_spawnattr_destroy(void* attributes);

        [LibraryImport("libc")]
        internal static partial int posix_spawnattr_setflags(void* attributes, short flags);

        [LibraryImport("libc")]
        internal static partial int posix_spawnattr_setpgroup(void* attributes, int group);

        [LibraryImport("libc")]
        internal static partial int posix_spawnattr_setsigmask(void* attributes, void* set);

        [LibraryImport("libc")]
        internal static partial int posix_spawnattr_setsigdefault(void* attributes, void* set);

        [LibraryImport("libc")]
        internal static partial int sigemptyset(void* set);

        [LibraryImport("libc")]
        internal static partial int sigaddset(void* set, int signal);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int pipe2(int* fds, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int waitpid(int pid, int* status, int options);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags, int mode);

        [LibraryImport("libc")]
        internal static partial int close(int fd);

        [LibraryImport("libc")]
        internal static partial int tcgetpgrp(int fd);

        [LibraryImport("libc")]
        internal static partial int getpgrp();
    }
}
