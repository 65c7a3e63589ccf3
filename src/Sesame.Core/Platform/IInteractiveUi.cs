namespace Sesame.Core.Platform;

/// <summary>
/// What interactive workflows (<c>configure sso</c>, <c>sso login</c>, <c>sso populate</c>) need from the
/// person at the terminal: lines, questions, a pick from a list, a spinner and a progress bar. The CLI
/// supplies a console implementation; tests script it; a program using the library may supply its own.
/// </summary>
public interface IInteractiveUi
{
    /// <summary>True when a person is at a terminal (questions and animations are possible).</summary>
    bool IsInteractive { get; }

    /// <summary>Writes a line of plain text (never markup).</summary>
    void Line(string text);

    /// <summary>Shows a QR code of <paramref name="text"/> when the terminal can show one; false when it cannot.</summary>
    bool QrCode(string text);

    /// <summary>Asks for a line of text; <paramref name="defaultValue"/> is taken on an empty answer.</summary>
    string Ask(string question, string? defaultValue = null);

    /// <summary>Asks the user to pick one of <paramref name="items"/> (searchable when long).</summary>
    T Choose<T>(string title, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull;

    /// <summary>Runs <paramref name="work"/> while showing <paramref name="message"/> (a spinner, or nothing).</summary>
    Task<T> StatusAsync<T>(string message, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> with a progress bar it updates through the callback (text, fraction 0–1).</summary>
    Task<T> ProgressAsync<T>(string title, Func<Action<string, double>, Task<T>> work);
}
