namespace Sesame.Core.Platform;

/// <summary>Hands the terminal over to another program (<c>sesame exec</c>).</summary>
public interface IProcessExecutor
{
    /// <summary>
    /// Runs <paramref name="command"/> with exactly <paramref name="environment"/>. On Unix the
    /// current process is replaced (<c>execve</c>), so the program keeps Sesame's PID and receives
    /// every signal directly, and its exit code is the exit code; this method then never returns.
    /// On Windows the program is started and waited for, and its exit code returned.
    /// </summary>
    int Exec(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment);

    /// <summary>
    /// Runs <paramref name="command"/> as a child with exactly <paramref name="environment"/>, sharing
    /// this process's terminal and standard streams, and waits for it (<c>exec --server</c>, where
    /// Sesame must keep running to serve it). SIGTERM and SIGHUP sent to Sesame are passed on to the
    /// child; Ctrl-C reaches the child from the terminal and Sesame waits for it. Returns the child's
    /// exit code, or 128 + the signal that ended it.
    /// </summary>
    Task<int> RunAsync(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken);
}
