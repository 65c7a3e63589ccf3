namespace Sesame.Core.Platform;

/// <summary>
/// Diagnostics for the user: warnings always, debug detail with <c>--debug</c>. Callers never pass
/// secrets here (tests scan everything that is printed).
/// </summary>
public interface ILog
{
    /// <summary>Something the user should know (printed to standard error).</summary>
    void Warn(string message);

    /// <summary>Detail shown only with <c>--debug</c>.</summary>
    void Debug(string message);
}

/// <summary>A log that drops everything.</summary>
public sealed class NullLog : ILog
{
    /// <summary>The shared instance.</summary>
    public static NullLog Instance { get; } = new();

    /// <inheritdoc />
    public void Warn(string message)
    {
    }

    /// <inheritdoc />
    public void Debug(string message)
    {
    }
}
