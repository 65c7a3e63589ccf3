using System.Text;
using Sesame.Cli.Shell;
using Sesame.Core.Errors;

namespace Sesame.Cli.Interactive;

/// <summary>
/// <see cref="IConsoleUi"/> on the terminal with plain ANSI sequences, writing to standard error so
/// standard output stays clean for what scripts read (a diff, a listing): questions read a line from
/// standard input, a pick uses the same filtering list as <c>sesame use</c> (<see cref="ProfilePicker"/>
/// on the controlling terminal), a spinner and a progress bar redraw one line. Animations and
/// questions only when standard error and standard input are a terminal; otherwise plain lines, and
/// questions fail with <see cref="InteractionRequiredException"/>. Sesame's own rather than a UI
/// library's: Spectre.Console, which this replaced, added 2 MB and some 300 static initialisations
/// to every start of the native binary, the cached <c>credential_process</c> answer included.
/// </summary>
internal sealed class TerminalConsoleUi : IConsoleUi
{
    private static readonly string[] SpinnerFrames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly TextWriter _error = Console.Error;
    private readonly object _gate = new();

    public TerminalConsoleUi() => IsInteractive = !Console.IsErrorRedirected && !Console.IsInputRedirected;

    public bool IsInteractive { get; }

    public void Line(string text)
    {
        lock (_gate)
        {
            _error.WriteLine(text);
        }
    }

    public bool QrCode(string text)
    {
        if (!IsInteractive)
        {
            return false;
        }

        var lines = QrCodeText.Render(text);
        if (lines.Count == 0 || lines[0].Length + 2 > Width())
        {
            return false;
        }

        foreach (var line in lines)
        {
            Line(line);
        }

        return true;
    }

    public string Ask(string question, string? defaultValue = null)
    {
        RequireTerminal(question);
        while (true)
        {
            lock (_gate)
            {
                _error.Write(defaultValue is null ? $"{question}: " : $"{question} ({defaultValue}): ");
                _error.Flush();
            }

            var answer = (Console.In.ReadLine()
                ?? throw new InteractionRequiredException($"standard input ended before \"{question}\" was answered")).Trim();
            if (answer.Length > 0)
            {
                return answer;
            }

            if (defaultValue is not null)
            {
                return defaultValue;
            }
        }
    }

    public T Choose<T>(string title, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull
    {
        RequireTerminal(title);
        var labels = items.Select(label).ToList();
        using var terminal = TtyKeyTerminal.TryOpen()
            ?? throw new InteractionRequiredException($"Sesame needs you to choose \"{title}\", but there is no terminal to choose on; run the command in a terminal");
        Line(title);
        var chosen = new ProfilePicker(labels, terminal, current: null, prompt: "> ", nothing: "(nothing matches)").Run()
            ?? throw new InteractionRequiredException($"nothing was chosen for \"{title}\"");
        Line("  " + chosen);
        return items[labels.IndexOf(chosen)];
    }

    public async Task<T> StatusAsync<T>(string message, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (!IsInteractive)
        {
            Line(message + "…");
            return await work(cancellationToken).ConfigureAwait(false);
        }

        using var stop = new CancellationTokenSource();
        var spinner = SpinAsync(message, stop.Token);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await spinner.ConfigureAwait(false);
        }
    }

    public async Task<T> ProgressAsync<T>(string title, Func<Action<string, double>, Task<T>> work)
    {
        if (!IsInteractive)
        {
            var last = -1;
            return await work((text, fraction) =>
            {
                // One line per 10 %, so a log stays short.
                var step = (int)(fraction * 10);
                if (step != Interlocked.Exchange(ref last, step))
                {
                    Line($"{title}: {text}");
                }
            }).ConfigureAwait(false);
        }

        try
        {
            return await work((text, fraction) => Redraw(Bar(title, text, Math.Clamp(fraction, 0, 1)))).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _error.WriteLine();
            }
        }
    }

    private async Task SpinAsync(string message, CancellationToken stop)
    {
        for (var frame = 0; !stop.IsCancellationRequested; frame++)
        {
            Redraw($"{SpinnerFrames[frame % SpinnerFrames.Length]} {message}");
            try
            {
                await Task.Delay(100, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Redraw(string.Empty);
    }

    // The current line, replaced (clipped to the width, so it never wraps onto a second line).
    private void Redraw(string text)
    {
        var width = Width() - 1;
        lock (_gate)
        {
            _error.Write("\r\x1b[K" + (text.Length > width ? text[..Math.Max(0, width - 1)] + "…" : text));
            _error.Flush();
        }
    }

    private static string Bar(string title, string text, double fraction)
    {
        const int cells = 20;
        var done = (int)Math.Round(fraction * cells);
        var bar = new StringBuilder(cells + 40).Append('[').Append('#', done).Append('-', cells - done).Append("] ")
            .Append((int)Math.Round(fraction * 100)).Append("% ").Append(title);
        return text.Length == 0 ? bar.ToString() : bar.Append(": ").Append(text).ToString();
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth is > 0 and var width ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    private void RequireTerminal(string question)
    {
        if (!IsInteractive)
        {
            throw new InteractionRequiredException($"Sesame needs to ask \"{question}\", but standard input or error is not a terminal; run the command in a terminal");
        }
    }
}
