using Sesame.Core.Platform;

namespace Sesame.Testing;

/// <summary>A process runner that answers from a script and records what was run.</summary>
public sealed class ScriptedProcessRunner : IProcessRunner
{
    private readonly Func<ProcessSpec, ProcessResult> _answer;

    public ScriptedProcessRunner(Func<ProcessSpec, ProcessResult> answer) => _answer = answer;

    public List<ProcessSpec> Runs { get; } = [];

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        lock (Runs)
        {
            Runs.Add(spec);
        }

        return Task.FromResult(_answer(spec));
    }
}
