namespace Sesame.Cli.Interactive;

/// <summary>
/// What the interactive commands (<c>sso login</c>, <c>sso populate</c>, <c>configure sso</c>) need
/// from a console: lines, questions, a pick from a list, a spinner and a progress bar. It mentions no
/// Spectre.Console type, so holding one never loads that library: only the real implementation
/// (<see cref="SpectreConsoleUi"/>) does, and only interactive commands create it — the
/// <c>credential-process</c> path never does. Tests script it.
/// </summary>
internal interface IConsoleUi
{
    /// <summary>True when a person is at a terminal (questions and animations are possible).</summary>
    bool IsInteractive { get; }

    /// <summary>Writes a line of plain text (never markup) to the console (standard error).</summary>
    void Line(string text);

    /// <summary>Shows a QR code of <paramref name="text"/> when the terminal can show one; false when it cannot.</summary>
    bool QrCode(string text);

    /// <summary>Asks for a line of text; <paramref name="defaultValue"/> is taken on an empty answer.</summary>
    string Ask(string question, string? defaultValue = null);

    /// <summary>Asks the user to pick one of <paramref name="items"/> (searchable when long).</summary>
    T Choose<T>(string title, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull;

    /// <summary>Runs <paramref name="work"/> with a spinner showing <paramref name="message"/>.</summary>
    Task<T> StatusAsync<T>(string message, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> with a progress bar it updates through the callback (text, fraction 0–1).</summary>
    Task<T> ProgressAsync<T>(string title, Func<Action<string, double>, Task<T>> work);
}
