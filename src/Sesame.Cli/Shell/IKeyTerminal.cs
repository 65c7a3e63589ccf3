namespace Sesame.Cli.Shell;

/// <summary>A key read from the terminal in raw mode.</summary>
internal enum KeyKind
{
    /// <summary>A printable character (<see cref="Key.Char"/>).</summary>
    Char,
    Enter,
    Backspace,
    Up,
    Down,
    /// <summary>Ctrl-U: clear the filter.</summary>
    ClearLine,
    /// <summary>Esc, Ctrl-C, Ctrl-D, Ctrl-G or the end of input.</summary>
    Cancel,
    /// <summary>Anything else (ignored).</summary>
    Other,
}

/// <summary>One key press.</summary>
internal readonly record struct Key(KeyKind Kind, char Char = '\0')
{
    public static Key Of(KeyKind kind) => new(kind);
}

/// <summary>
/// The controlling terminal, key by key, for the profile picker: <c>sesame use</c> runs inside
/// <c>$(…)</c>, so stdin and stdout are not the terminal and the picker talks to <c>/dev/tty</c>.
/// </summary>
internal interface IKeyTerminal : IDisposable
{
    /// <summary>Rows and columns of the terminal.</summary>
    (int Rows, int Columns) Size { get; }

    /// <summary>Reads the next key (blocking).</summary>
    Key ReadKey();

    /// <summary>Writes text (with ANSI escape sequences) to the terminal.</summary>
    void Write(string text);
}
