using System.Web;
using Sesame.Core.Platform;

namespace Sesame.Testing;

/// <summary>A console that answers from a script and fails loudly on anything unscripted.</summary>
public sealed class ScriptedConsole : IInteractiveUi
{
    private readonly Queue<string> _answers = new();

    public bool IsInteractive { get; set; } = true;

    public List<string> Lines { get; } = [];

    public List<string> Questions { get; } = [];

    public ScriptedConsole Answer(params string[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }

        return this;
    }

    public string Transcript => string.Join('\n', Questions.Concat(Lines));

    public void Line(string text) => Lines.Add(text);

    public bool QrCode(string text) => false;

    public string Ask(string question, string? defaultValue = null)
    {
        if (!IsInteractive)
        {
            throw new Core.Errors.InteractionRequiredException($"Sesame needs to ask \"{question}\", but there is no terminal (test)");
        }

        Questions.Add($"{question} [{defaultValue}]");
        var answer = _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"unexpected question: {question}");
        return answer.Length == 0 && defaultValue is not null ? defaultValue : answer;
    }

    public T Choose<T>(string title, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull
    {
        Questions.Add(title + ": " + string.Join(" | ", items.Select(label)));
        var answer = _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"unexpected choice: {title}");
        return items.Single(i => label(i).StartsWith(answer, StringComparison.Ordinal));
    }

    public Task<T> StatusAsync<T>(string message, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Lines.Add(message + "…");
        return work(cancellationToken);
    }

    public Task<T> ProgressAsync<T>(string title, Func<Action<string, double>, Task<T>> work) => work((text, _) => Lines.Add($"{title}: {text}"));
}

/// <summary>A browser that approves at once: it follows the authorize URL to the loopback callback with a code.</summary>
public sealed class ApprovingBrowser : IBrowser
{
    private static readonly HttpClient Http = new();

    public List<string> Opened { get; } = [];

    public bool CanOpen => true;

    public bool TryOpen(string url)
    {
        Opened.Add(url);
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        _ = Http.GetStringAsync($"{query["redirect_uri"]}?code=the-code&state={Uri.EscapeDataString(query["state"]!)}");
        return true;
    }
}
