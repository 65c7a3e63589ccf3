namespace Sesame.Core.Platform;

/// <summary>
/// The user's controlling terminal (<c>/dev/tty</c>; <c>CONIN$</c>/<c>CONOUT$</c> on Windows),
/// not stdin/stdout: prompts must work when stdio are pipes, as inside a <c>credential_process</c>
/// run by the AWS CLI or an SDK.
/// </summary>
public interface ITerminal
{
    /// <summary>True when a controlling terminal can be opened.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Shows <paramref name="prompt"/> and reads one line; with <paramref name="secret"/> the input
    /// is not echoed. Throws <see cref="Errors.InteractionRequiredException"/> when no terminal is available.
    /// </summary>
    string ReadLine(string prompt, bool secret = false);

    /// <summary>Writes a line to the terminal (never to stdout, which may carry program output).</summary>
    void WriteLine(string message);
}
