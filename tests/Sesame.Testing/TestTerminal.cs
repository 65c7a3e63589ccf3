using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Testing;

/// <summary>
/// A scripted terminal: answers prompts from a queue and fails loudly on any prompt nobody
/// scripted (GCM's TestTerminal pattern). Records everything shown.
/// </summary>
public sealed class TestTerminal : ITerminal
{
    private readonly Queue<string> _answers = new();

    public TestTerminal(bool available = true, params string[] answers)
    {
        IsAvailable = available;
        Answer(answers);
    }

    public bool IsAvailable { get; set; }

    public List<string> Prompts { get; } = [];

    public List<string> Lines { get; } = [];

    /// <summary>Everything the terminal showed, prompts and lines.</summary>
    public string Transcript => string.Join("\n", Prompts.Concat(Lines));

    public TestTerminal Answer(params string[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }

        return this;
    }

    public string ReadLine(string prompt, bool secret = false)
    {
        if (!IsAvailable)
        {
            throw new InteractionRequiredException("no terminal (test)");
        }

        Prompts.Add(prompt);
        return _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"unexpected prompt: {prompt}");
    }

    public void WriteLine(string message) => Lines.Add(message);
}
