using Sesame.Core.Platform;

namespace Sesame.Cli.Commands;

/// <summary>Warnings to standard error; debug lines only with --debug.</summary>
internal sealed class CliLog(TextWriter error, bool debug) : ILog
{
    public void Warn(string message) => error.WriteLine($"sesame: warning: {message}");

    public void Debug(string message)
    {
        if (debug)
        {
            error.WriteLine($"sesame: debug: {message}");
        }
    }
}
