using System.Text;
using Sesame.Cli.Shell;

namespace Sesame.Tests.ShellIntegration;

/// <summary>A terminal that types scripted keys and records what was drawn; fails if read past its script.</summary>
internal sealed partial class ScriptedKeys(params Key[] keys) : IKeyTerminal
{
    private readonly Queue<Key> _keys = new(keys);
    private readonly StringBuilder _written = new();

    public (int Rows, int Columns) Size { get; set; } = (24, 80);

    public bool Disposed { get; private set; }

    /// <summary>Everything drawn, escape sequences included.</summary>
    public string Written => _written.ToString();

    /// <summary>What each draw showed, escape sequences removed, one string per draw.</summary>
    public List<string> Frames { get; } = [];

    public Key ReadKey() => _keys.Count > 0 ? _keys.Dequeue() : throw new InvalidOperationException("the picker read past the scripted keys");

    public void Write(string text)
    {
        _written.Append(text);
        Frames.Add(Escapes().Replace(text, string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex("\x1b\\[[0-9;]*[A-Za-z]")]
    private static partial System.Text.RegularExpressions.Regex Escapes();

    public void Dispose() => Disposed = true;
}
