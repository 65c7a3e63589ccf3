namespace Sesame.Core.Config;

/// <summary>
/// One setting as written: its key (original case), its value, and where it came from. A value
/// continued over indented lines is joined with '\n'. When the key's own value was empty and
/// indented <c>name = value</c> lines followed, those are <see cref="SubProperties"/> and
/// <see cref="Value"/> holds them raw (<c>"\nname = value"</c>), as the cross-SDK suite specifies.
/// </summary>
public sealed class ConfigValue
{
    /// <summary>Creates a value.</summary>
    public ConfigValue(string key, string value, SourceLocation location, IReadOnlyList<KeyValuePair<string, string>>? subProperties = null)
    {
        Key = key;
        Value = value;
        Location = location;
        SubProperties = subProperties;
    }

    /// <summary>The key as written in the file.</summary>
    public string Key { get; }

    /// <summary>The value, trimmed, with continuation lines joined by '\n'.</summary>
    public string Value { get; }

    /// <summary>Where the key was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>Nested <c>name = value</c> pairs, or <c>null</c> when the value is plain text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? SubProperties { get; }

    /// <summary>Looks up a sub-property by name (case-insensitive), or <c>null</c>.</summary>
    public string? GetSubProperty(string name)
    {
        if (SubProperties is null)
        {
            return null;
        }

        string? found = null;
        foreach (var pair in SubProperties)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                found = pair.Value;
            }
        }

        return found;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key} = {Value} ({Location})";
}

/// <summary>A definition that lost to a later one (same key), kept so <c>explain</c> can show it.</summary>
public sealed record ShadowedValue(ConfigValue Value, SourceLocation OverriddenBy);

/// <summary>Something the reader ignored or noticed, with the place it concerns.</summary>
public sealed record ConfigNote(SourceLocation Location, string Message, ConfigNoteKind Kind, string? Section = null);

/// <summary>Kinds of <see cref="ConfigNote"/>.</summary>
public enum ConfigNoteKind
{
    /// <summary>A section or key was ignored by the AWS rules.</summary>
    Ignored,

    /// <summary>The AWS CLI (botocore) reads this differently or refuses it; Sesame follows the cross-SDK rule.</summary>
    Compatibility,
}
