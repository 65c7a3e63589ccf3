using Sesame.Core.Platform;

namespace Sesame.Testing;

/// <summary>A log that keeps every line, for assertions and secret scans.</summary>
public sealed class RecordingLog : ILog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    public void Warn(string message) => Add("warn: " + message);

    public void Debug(string message) => Add("debug: " + message);

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
