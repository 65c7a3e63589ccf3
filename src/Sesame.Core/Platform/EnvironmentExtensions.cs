namespace Sesame.Core.Platform;

/// <summary>Small helpers over <see cref="IEnvironment"/>.</summary>
public static class EnvironmentExtensions
{
    /// <summary>
    /// Returns the variable's value, or <c>null</c> when it is unset or contains only spaces and
    /// tabs. AWS SDKs treat a blank variable as unset (for example a blank AWS_ACCESS_KEY_ID).
    /// </summary>
    public static string? GetNonBlank(this IEnvironment environment, string name)
    {
        var value = environment.GetVariable(name);
        return value is null || value.AsSpan().Trim(" \t").IsEmpty ? null : value;
    }
}
