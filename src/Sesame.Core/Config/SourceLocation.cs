namespace Sesame.Core.Config;

/// <summary>Where a setting or section was written: a file and a 1-based line.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}
