using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Testing;

/// <summary>A terminal with scripted answers; records every prompt and line written.</summary>
public sealed class TestTerminal : ITerminal
{
    private readonly Queue<string> _answers = new();

    public TestTerminal(bool available = true, params string[] answers)
    {
        IsAvailable = available;
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }
    }

    public bool IsAvailable { get; set; }

    public List<string> Prompts { get; } = [];

    public List<string> Lines { get; } = [];

    public void Answer(string answer) => _answers.Enqueue(answer);

    public string ReadLine(string prompt, bool secret = false)
    {
        if (!IsAvailable)
        {
            throw new InteractionRequiredException("no terminal (test)");
        }

        Prompts.Add(prompt);
        return _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"the test gave no answer for the prompt '{prompt}'");
    }

    public void WriteLine(string message) => Lines.Add(message);
}
