using System.Runtime.InteropServices;
using System.Text;
using Sesame.Core.Errors;

namespace Sesame.Core.Platform;

/// <summary>
/// The controlling terminal. On Linux and macOS it opens <c>/dev/tty</c> (so prompts work when
/// stdin and stdout are pipes, as under <c>credential_process</c>, the way aws-vault's
/// internal/tty does) and turns echo off with termios for secrets. On Windows it uses the console
/// when input is not redirected (untested here: no Windows machine; see docs/secrets.md).
/// </summary>
public sealed partial class SystemTerminal : ITerminal
{
    private const string TtyPath = "/dev/tty";

    /// <summary>The shared instance.</summary>
    public static SystemTerminal Instance { get; } = new();

    /// <inheritdoc />
    public bool IsAvailable
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return !Console.IsInputRedirected;
            }

            try
            {
                using var tty = File.OpenHandle(TtyPath, FileMode.Open, FileAccess.ReadWrite);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public string ReadLine(string prompt, bool secret = false)
    {
        if (OperatingSystem.IsWindows())
        {
            return ReadConsole(prompt, secret);
        }

        FileStream tty;
        try
        {
            tty = new FileStream(TtyPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InteractionRequiredException($"Sesame needs to ask: \"{prompt.Trim()}\", but there is no terminal");
        }

        using (tty)
        {
            Write(tty, prompt);
            var fd = (int)tty.SafeFileHandle.DangerousGetHandle();
            var saved = secret ? DisableEcho(fd) : null;
            using var interrupt = saved is null ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Restore(fd, saved));
            try
            {
                return ReadLine(tty) ?? throw new OperationCanceledException("end of input at a prompt");
            }
            finally
            {
                if (saved is not null)
                {
                    Restore(fd, saved);
                    Write(tty, "\n");
                }
            }
        }
    }

    /// <inheritdoc />
    public void WriteLine(string message)
    {
        if (OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine(message);
            return;
        }

        try
        {
            using var tty = new FileStream(TtyPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            Write(tty, message + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No terminal: there is nobody to tell.
        }
    }

    private static void Write(FileStream tty, string text)
    {
        tty.Write(Encoding.UTF8.GetBytes(text));
        tty.Flush();
    }

    // Byte by byte: a buffered reader could swallow input typed ahead for the next prompt.
    private static string? ReadLine(FileStream tty)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var read = tty.Read(one, 0, 1);
            if (read == 0)
            {
                return bytes.Count == 0 ? null : Encoding.UTF8.GetString([.. bytes]);
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    // termios: c_lflag is the 4th tcflag_t field: 4-byte fields on Linux, 8-byte on macOS. ECHO is 0x8 on both.
    private static int LocalFlagsOffset => OperatingSystem.IsMacOS() ? 24 : 12;

    private static byte[]? DisableEcho(int fd)
    {
        var saved = new byte[256];
        if (Native.tcgetattr(fd, saved) != 0)
        {
            return null;
        }

        var changed = (byte[])saved.Clone();
        changed[LocalFlagsOffset] &= unchecked((byte)~0x08);
        return Native.tcsetattr(fd, 0, changed) == 0 ? saved : null;
    }

    private static void Restore(int fd, byte[] saved) => _ = Native.tcsetattr(fd, 0, saved);

    private static string ReadConsole(string prompt, bool secret)
    {
        if (Console.IsInputRedirected)
        {
            throw new InteractionRequiredException($"Sesame needs to ask: \"{prompt.Trim()}\", but there is no console");
        }

        Console.Error.Write(prompt);
        if (!secret)
        {
            return Console.ReadLine() ?? throw new OperationCanceledException("end of input at a prompt");
        }

        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", SetLastError = true)]
        internal static partial int tcgetattr(int fd, byte[] termios);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int tcsetattr(int fd, int action, byte[] termios);
    }
}
