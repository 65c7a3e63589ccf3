namespace Sesame.Core.Platform;

/// <summary>Runs helper programs: <c>credential_process</c>, <c>mfa_process</c>, <c>pass</c>, <c>gpg</c>.</summary>
public interface IProcessRunner
{
    /// <summary>
    /// Runs a program to completion and captures its standard output. Standard error is either
    /// captured or passed through to the user's standard error (helpers print their own prompts
    /// and errors there). A run past <see cref="ProcessSpec.Timeout"/> is killed (with its children)
    /// and reported with <see cref="ProcessResult.TimedOut"/>; on cancellation it is killed the same
    /// way and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default);
}

/// <summary>What to run.</summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments, passed without a shell.</param>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// Variables to set (a <c>null</c> value removes the variable) on top of the inherited
    /// environment, or the whole environment when <see cref="ReplaceEnvironment"/> is set. Either way
    /// the runner never passes on Sesame's own secrets (<see cref="HelperEnvironment.IsSesameSecret"/>)
    /// from the inherited environment.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>True when <see cref="Environment"/> is the child's whole environment (nothing inherited).</summary>
    public bool ReplaceEnvironment { get; init; }

    /// <summary>Text written to the program's standard input, or <c>null</c> to inherit nothing (stdin is closed).</summary>
    public string? StandardInput { get; init; }

    /// <summary>True to capture standard error; false to pass it through to ours.</summary>
    public bool CaptureStandardError { get; init; }

    /// <summary>How long to wait before killing the program; <c>null</c> for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The working folder, or <c>null</c> for ours.</summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>How a program ended.</summary>
/// <param name="ExitCode">The exit code (meaningless when timed out).</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">What it wrote to stderr, when captured; otherwise empty.</param>
/// <param name="TimedOut">True when it was killed for running too long.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut);
