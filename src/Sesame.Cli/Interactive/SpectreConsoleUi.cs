using Spectre.Console;

namespace Sesame.Cli.Interactive;

/// <summary>
/// <see cref="IConsoleUi"/> on Spectre.Console, writing to standard error so standard output stays
/// clean for what scripts read (a diff, a listing). Animations and questions only when standard
/// error and standard input are a terminal; otherwise plain lines, and questions fail with
/// <see cref="Core.Errors.InteractionRequiredException"/>.
/// </summary>
internal sealed class SpectreConsoleUi : IConsoleUi
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _error = Console.Error;

    public SpectreConsoleUi()
    {
        IsInteractive = !Console.IsErrorRedirected && !Console.IsInputRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = IsInteractive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
    }

    public bool IsInteractive { get; }

    // Straight to the stream: Spectre wraps at the console width, which would break URLs apart.
    public void Line(string text) => _error.WriteLine(text);

    public bool QrCode(string text)
    {
        if (!IsInteractive)
        {
            return false;
        }

        var lines = QrCodeText.Render(text);
        if (lines.Count == 0 || lines[0].Length + 2 > _console.Profile.Width)
        {
            return false;
        }

        foreach (var line in lines)
        {
            _error.WriteLine(line);
        }

        return true;
    }

    public string Ask(string question, string? defaultValue = null)
    {
        RequireTerminal(question);
        var prompt = new TextPrompt<string>(Markup.Escape(question)) { AllowEmpty = defaultValue is not null };
        if (defaultValue is not null)
        {
            prompt.DefaultValue(defaultValue);
        }

        var answer = _console.Prompt(prompt).Trim();
        return answer.Length == 0 && defaultValue is not null ? defaultValue : answer;
    }

    public T Choose<T>(string title, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull
    {
        RequireTerminal(title);
        var prompt = new SelectionPrompt<T>()
            .Title(Markup.Escape(title))
            .PageSize(15)
            .UseConverter(item => Markup.Escape(label(item)))
            .AddChoices(items);
        if (items.Count > 15)
        {
            prompt.EnableSearch();
        }

        return _console.Prompt(prompt);
    }

    public async Task<T> StatusAsync<T>(string message, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (!IsInteractive)
        {
            Line(message + "…");
            return await work(cancellationToken).ConfigureAwait(false);
        }

        return await _console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(message), _ => work(cancellationToken)).ConfigureAwait(false);
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

        return await _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                return await work((text, fraction) =>
                {
                    task.Description = Markup.Escape($"{title}: {text}");
                    task.Value = Math.Clamp(fraction, 0, 1);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private void RequireTerminal(string question)
    {
        if (!IsInteractive)
        {
            throw new Core.Errors.InteractionRequiredException($"Sesame needs to ask \"{question}\", but standard input or error is not a terminal; run the command in a terminal");
        }
    }
}
