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
}
