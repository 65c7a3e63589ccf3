using Sesame.Core.Config;

namespace Sesame.Core.Settings;

/// <summary>
/// One setting by its names: an environment variable, a profile key, or both. The environment
/// beats the profile key, which beats the default (the AWS rule, also used for Sesame's own
/// <c>SESAME_*</c> / <c>sesame_*</c> settings). Every setting is listed in docs/settings.md.
/// </summary>
/// <param name="Variable">The environment variable, or <c>null</c> when the setting has none.</param>
/// <param name="Key">The profile key, or <c>null</c> when the setting has none.</param>
public sealed record Setting(string? Variable, string? Key)
{
    /// <summary>How messages name the setting: <c>AWS_REGION / region</c>.</summary>
    public string Names => Variable is null ? Key! : Key is null ? Variable : $"{Variable} / {Key}";
}

/// <summary>Where a setting's value came from: a variable, or a profile key at a file and line.</summary>
/// <param name="Name">The variable or key that set it.</param>
/// <param name="Location">The file and line of a profile key; <c>null</c> for a variable.</param>
public readonly record struct SettingOrigin(string Name, SourceLocation? Location)
{
    /// <summary>True when the value came from the environment.</summary>
    public bool IsVariable => Location is null;

    /// <inheritdoc />
    public override string ToString() => Location is { } at ? $"{Name} at {at}" : Name;
}

/// <summary>A setting's text (trimmed of spaces and tabs) and its origin.</summary>
/// <param name="Text">The value.</param>
/// <param name="Origin">Where it came from.</param>
public sealed record SettingValue(string Text, SettingOrigin Origin);
