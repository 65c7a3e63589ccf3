using System.Runtime.InteropServices;
using System.Text;

namespace Sesame.Cli.Shell;

/// <summary>
/// <c>/dev/tty</c> in raw mode (termios: no line editing, no echo, no signal keys, so Ctrl-C
/// arrives as a key and the picker can erase itself), restored on dispose and on SIGTERM/SIGHUP.
/// On Windows, the console (untested here: no Windows machine).
/// </summary>
internal sealed partial class TtyKeyTerminal : IKeyTerminal
{
    private const string TtyPath = "/dev/tty";
    private readonly FileStream? _tty;
    private readonly int _fd = -1;
    private readonly byte[]? _saved;
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly byte[] _one = new byte[1];

    private TtyKeyTerminal(FileStream? tty)
    {
        _tty = tty;
        if (tty is null)
        {
            return;
        }

        _fd = (int)tty.SafeFileHandle.DangerousGetHandle();
        _saved = new byte[256];
        if (Native.tcgetattr(_fd, _saved) != 0)
        {
            _saved = null;
            return;
        }

        var raw = (byte[])_saved.Clone();
        var layout = Layout.Current;
        Clear(raw, layout.LocalFlags, layout.Icanon | layout.Echo | layout.Isig | layout.Iexten);
        raw[layout.ControlChars + layout.Vmin] = 1;
        raw[layout.ControlChars + layout.Vtime] = 0;
        _ = Native.tcsetattr(_fd, 0, raw);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, _ => Restore()));
        }
    }

    /// <summary>Opens the controlling terminal, or returns <c>null</c> when there is none.</summary>
    public static TtyKeyTerminal? TryOpen()
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.IsInputRedirected ? null : new TtyKeyTerminal(null);
        }

        try
        {
            return new TtyKeyTerminal(new FileStream(TtyPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public (int Rows, int Columns) Size
    {
        get
        {
            if (_tty is null)
            {
                return (Console.WindowHeight, Console.WindowWidth);
            }

            var size = new ushort[4];
            var request = OperatingSystem.IsMacOS() ? 0x40087468UL : 0x5413UL;
            return Native.ioctl(_fd, request, size) == 0 && size[0] > 0 && size[1] > 0 ? (size[0], size[1]) : (24, 80);
        }
    }

    public Key ReadKey()
    {
        if (_tty is null)
        {
            return FromConsole(Console.ReadKey(intercept: true));
        }

        var b = ReadByte();
        switch (b)
        {
            case < 0 or 3 or 4 or 7:
                return Key.Of(KeyKind.Cancel);
            case '\r' or '\n':
                return Key.Of(KeyKind.Enter);
            case 8 or 127:
                return Key.Of(KeyKind.Backspace);
            case 14:
                return Key.Of(KeyKind.Down);
            case 16:
                return Key.Of(KeyKind.Up);
            case 21:
                return Key.Of(KeyKind.ClearLine);
            case 27:
                return Escape();
            case < 32:
                return Key.Of(KeyKind.Other);
            case < 128:
                return new Key(KeyKind.Char, (char)b);
            default:
                return Utf8(b);
        }
    }

    public void Write(string text)
    {
        if (_tty is null)
        {
            Console.Error.Write(text);
            return;
        }

        _tty.Write(Encoding.UTF8.GetBytes(text));
        _tty.Flush();
    }

    public void Dispose()
    {
        Restore();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _tty?.Dispose();
    }

    private static void Clear(byte[] termios, int offset, uint bits)
    {
        var value = BitConverter.ToUInt32(termios, offset) & ~bits;
        BitConverter.TryWriteBytes(termios.AsSpan(offset, 4), value);
    }

    private static Key FromConsole(ConsoleKeyInfo key) => key.Key switch
    {
        ConsoleKey.Enter => Key.Of(KeyKind.Enter),
        ConsoleKey.Escape => Key.Of(KeyKind.Cancel),
        ConsoleKey.Backspace => Key.Of(KeyKind.Backspace),
        ConsoleKey.UpArrow => Key.Of(KeyKind.Up),
        ConsoleKey.DownArrow => Key.Of(KeyKind.Down),
        _ when key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is ConsoleKey.C or ConsoleKey.D => Key.Of(KeyKind.Cancel),
        _ when key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == ConsoleKey.U => Key.Of(KeyKind.ClearLine),
        _ when !char.IsControl(key.KeyChar) => new Key(KeyKind.Char, key.KeyChar),
        _ => Key.Of(KeyKind.Other),
    };

    private void Restore()
    {
        if (_saved is not null)
        {
            _ = Native.tcsetattr(_fd, 0, _saved);
        }
    }

    private int ReadByte() => _tty!.Read(_one, 0, 1) == 1 ? _one[0] : -1;

    // ESC alone leaves; ESC [ A / ESC O A (and B) are the arrow keys. A lone ESC is told apart by
    // nothing following within 50 ms.
    private Key Escape()
    {
        if (!Ready(50))
        {
            return Key.Of(KeyKind.Cancel);
        }

        var next = ReadByte();
        if (next is not ('[' or 'O'))
        {
            return Key.Of(KeyKind.Other);
        }

        var final = ReadByte();
        while (final is >= '0' and <= '9' or ';')
        {
            final = ReadByte();
        }

        return final switch
        {
            'A' => Key.Of(KeyKind.Up),
            'B' => Key.Of(KeyKind.Down),
            _ => Key.Of(KeyKind.Other),
        };
    }

    private Key Utf8(int lead)
    {
        var length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        var bytes = new byte[length];
        bytes[0] = (byte)lead;
        for (var i = 1; i < length; i++)
        {
            var b = ReadByte();
            if (b < 0)
            {
                return Key.Of(KeyKind.Cancel);
            }

            bytes[i] = (byte)b;
        }

        var text = Encoding.UTF8.GetString(bytes);
        return text.Length == 1 && !char.IsControl(text[0]) ? new Key(KeyKind.Char, text[0]) : Key.Of(KeyKind.Other);
    }

    private bool Ready(int milliseconds)
    {
        var fds = new PollFd[] { new() { Fd = _fd, Events = 1 } };
        return Native.poll(fds, 1, milliseconds) > 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    // termios layouts: Linux has 4-byte flag fields and c_cc at offset 17; macOS 8-byte fields and
    // c_cc at offset 32. Flag values differ too (<asm-generic/termbits.h>, <sys/termios.h>).
    private readonly record struct Layout(int LocalFlags, int ControlChars, int Vmin, int Vtime, uint Icanon, uint Echo, uint Isig, uint Iexten)
    {
        public static Layout Current => OperatingSystem.IsMacOS()
            ? new Layout(24, 32, 16, 17, 0x100, 0x8, 0x80, 0x400)
            : new Layout(12, 17, 6, 5, 0x2, 0x8, 0x1, 0x8000);
    }

    private static partial class Native
    {
        [LibraryImport("libc", SetLastError = true)]
        internal static partial int tcgetattr(int fd, byte[] termios);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int tcsetattr(int fd, int action, byte[] termios);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int ioctl(int fd, ulong request, ushort[] winsize);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int poll([In, Out] PollFd[] fds, ulong count, int timeout);
    }
}
