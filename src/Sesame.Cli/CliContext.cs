using Sesame.Core.Platform;

namespace Sesame.Cli;

/// <summary>
/// Every seam a command may use, gathered at the composition root. Tests build one with fakes;
/// commands pass only the seams they need further down.
/// </summary>
public sealed class CliContext
{
    /// <summary>The file system.</summary>
    public required IFileSystem FileSystem { get; init; }

    /// <summary>The process environment.</summary>
    public required IEnvironment Environment { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>The real seams of this process.</summary>
    public static CliContext CreateDefault() => new()
    {
        FileSystem = PhysicalFileSystem.Instance,
        Environment = SystemEnvironment.Instance,
        Time = TimeProvider.System,
        Out = Console.Out,
        Error = Console.Error,
    };
}
