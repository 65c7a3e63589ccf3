using System.Text;

namespace Sesame.Cli.Shell;

/// <summary>
/// A small filtering list for <c>sesame use</c> without a profile (and the interactive commands'
/// picks, <see cref="Interactive.TerminalConsoleUi"/>): type to filter (every
/// space-separated term must occur, ignoring case; names starting with the filter come first),
/// Up/Down (or Ctrl-P/Ctrl-N) to move, Enter to choose, Esc or Ctrl-C to leave. It draws below the
/// cursor with plain ANSI sequences and erases itself when done, so nothing of it stays on screen.
/// Written for Sesame rather than taken from a UI library: it must stay trim- and AOT-safe and
/// add nothing to the start of the native binary.
/// </summary>
internal sealed class ProfilePicker
{
    private const int MaxRows = 10;
    private readonly IReadOnlyList<string> _names;
    private readonly IKeyTerminal _terminal;
    private readonly StringBuilder _filter = new();
    private readonly string _prompt;
    private readonly string _nothing;
    private List<string> _matches;
    private int _selected;
    private int _top;

    public ProfilePicker(IReadOnlyList<string> names, IKeyTerminal terminal, string? current, string prompt = "profile> ", string nothing = "(no profile matches)")
    {
        _names = names;
        _prompt = prompt;
        _nothing = nothing;
        _terminal = terminal;
        _matches = [.. names];
        _selected = current is null ? 0 : Math.Max(0, _matches.IndexOf(current));
    }

    /// <summary>The names that match <paramref name="filter"/>, in the order the picker shows them.</summary>
    public static List<string> Filter(IReadOnlyList<string> names, string filter)
    {
        var terms = filter.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (terms.Length == 0)
        {
            return [.. names];
        }

        var first = new List<string>();
        var rest = new List<string>();
        foreach (var name in names)
        {
            if (terms.All(term => name.Contains(term, StringComparison.OrdinalIgnoreCase)))
            {
                (name.StartsWith(terms[0], StringComparison.OrdinalIgnoreCase) ? first : rest).Add(name);
            }
        }

        first.AddRange(rest);
        return first;
    }

    /// <summary>Runs the picker; the chosen name, or <c>null</c> when the user left without choosing.</summary>
    public string? Run()
    {
        try
        {
            while (true)
            {
                Draw();
                var key = _terminal.ReadKey();
                switch (key.Kind)
                {
                    case KeyKind.Enter when _matches.Count > 0:
                        return _matches[_selected];
                    case KeyKind.Cancel:
                        return null;
                    case KeyKind.Up:
                        _selected = _matches.Count == 0 ? 0 : (_selected + _matches.Count - 1) % _matches.Count;
                        break;
                    case KeyKind.Down:
                        _selected = _matches.Count == 0 ? 0 : (_selected + 1) % _matches.Count;
                        break;
                    case KeyKind.Backspace when _filter.Length > 0:
                        _filter.Length--;
                        Refilter();
                        break;
                    case KeyKind.ClearLine:
                        _filter.Clear();
                        Refilter();
                        break;
                    case KeyKind.Char:
                        _filter.Append(key.Char);
                        Refilter();
                        break;
                }
            }
        }
        finally
        {
            // Back to the prompt line, erased with everything below it.
            _terminal.Write("\r\x1b[J");
        }
    }

    private void Refilter()
    {
        _matches = Filter(_names, _filter.ToString());
        _selected = 0;
        _top = 0;
    }

    // Erases the last drawing, draws the filter line and the visible window of matches below it,
    // then puts the cursor back at the end of the filter.
    private void Draw()
    {
        var (rows, columns) = _terminal.Size;
        var visible = Math.Max(1, Math.Min(MaxRows, rows - 2));
        if (_selected < _top)
        {
            _top = _selected;
        }
        else if (_selected >= _top + visible)
        {
            _top = _selected - visible + 1;
        }

        var width = Math.Max(10, columns - 1);
        var screen = new StringBuilder("\r\x1b[J");
        var header = _prompt + _filter;
        screen.Append(Clip(header, width));
        var lines = 0;
        if (_matches.Count == 0)
        {
            screen.Append("\r\n  ").Append(_nothing);
            lines++;
        }

        for (var i = _top; i < _matches.Count && i < _top + visible; i++)
        {
            var line = Clip((i == _selected ? "> " : "  ") + _matches[i], width);
            screen.Append("\r\n").Append(i == _selected ? "\x1b[7m" + line + "\x1b[0m" : line);
            lines++;
        }

        screen.Append("\r\n").Append(Clip($"  {_matches.Count}/{_names.Count}  ↑/↓ move · Enter choose · Esc leave", width));
        lines++;
        screen.Append("\x1b[").Append(lines).Append('A').Append('\r');
        var column = Math.Min(header.Length, width);
        if (column > 0)
        {
            screen.Append("\x1b[").Append(column).Append('C');
        }

        _terminal.Write(screen.ToString());
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
