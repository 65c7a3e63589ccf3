using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Settings;

/// <summary>
/// The one place settings are read: the environment variable beats the profile key, which beats the
/// default, and every value is parsed by the one parser of its type (<see cref="SettingParsers"/>).
/// A bad value is a <see cref="ConfigException"/> that names the setting and where it was set (the
/// variable, or the file and line of the key), never an unhandled exception. Blank values (only
/// spaces and tabs) count as unset, as in every AWS SDK.
/// </summary>
public sealed class SettingsSource
{
    /// <summary>Creates a source over the environment and a profile (or none).</summary>
    public SettingsSource(IEnvironment environment, ConfigSection? profile)
    {
        Environment = environment;
        Profile = profile;
    }

    /// <summary>The environment.</summary>
    public IEnvironment Environment { get; }

    /// <summary>The profile whose keys are read, or <c>null</c>.</summary>
    public ConfigSection? Profile { get; }

    /// <summary>The setting's value and origin, or <c>null</c> when neither the variable nor the key is set.</summary>
    public SettingValue? Get(Setting setting)
    {
        if (setting.Variable is { } variable && Environment.GetVariable(variable) is { } fromEnvironment && NonBlank(fromEnvironment) is { } text)
        {
            return new SettingValue(text, new SettingOrigin(variable, null));
        }

        if (setting.Key is { } key && Profile?.Get(key) is { } value && NonBlank(value.Value) is { } keyText)
        {
            return new SettingValue(keyText, new SettingOrigin(value.Key, value.Location));
        }

        return null;
    }

    /// <summary>The setting's text, or <c>null</c>.</summary>
    public string? Text(Setting setting) => Get(setting)?.Text;

    /// <summary>A duration (<see cref="SettingParsers.TryParseDuration"/>), or <paramref name="fallback"/> when unset.</summary>
    public TimeSpan Duration(Setting setting, TimeSpan fallback)
    {
        if (Get(setting) is not { } value)
        {
            return fallback;
        }

        return SettingParsers.TryParseDuration(value.Text, out var duration)
            ? duration
            : throw Invalid(value, $"is not a duration ({SettingParsers.DurationGrammar})");
    }

    /// <summary>One of Sesame's flags (<see cref="SettingParsers.TryParseFlag"/>), or <paramref name="fallback"/> when unset.</summary>
    public bool Flag(Setting setting, bool fallback)
    {
        if (Get(setting) is not { } value)
        {
            return fallback;
        }

        return SettingParsers.TryParseFlag(value.Text, out var flag) ? flag : throw Invalid(value, $"must be {SettingParsers.FlagGrammar}");
    }

    /// <summary>An AWS flag, read as botocore does (<see cref="SettingParsers.AwsFlag"/>); false when unset.</summary>
    public bool AwsFlag(Setting setting) => Get(setting) is { } value && SettingParsers.AwsFlag(value.Text);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <c>null</c> when unset.</summary>
    public int? WholeNumber(Setting setting, int min, int max)
    {
        if (Get(setting) is not { } value)
        {
            return null;
        }

        return SettingParsers.TryParseInteger(value.Text, min, max, out var number)
            ? number
            : throw Invalid(value, $"is not a whole number from {min} to {max}");
    }

    /// <summary>A positive number of seconds up to <paramref name="max"/>, or <paramref name="fallback"/> when unset.</summary>
    public TimeSpan Seconds(Setting setting, double max, TimeSpan fallback)
    {
        if (Get(setting) is not { } value)
        {
            return fallback;
        }

        return SettingParsers.TryParseSeconds(value.Text, max, out var seconds)
            ? seconds
            : throw Invalid(value, $"is not a number of seconds (more than 0, at most {max})");
    }

    /// <summary>A region name (botocore's format), or <c>null</c> when unset.</summary>
    public string? Region(Setting setting)
    {
        if (Get(setting) is not { } value)
        {
            return null;
        }

        return SettingParsers.IsRegion(value.Text)
            ? value.Text
            : throw Invalid(value, "is not a region name (letters, digits and hyphens, such as eu-west-1)");
    }

    /// <summary>An http(s) URL with a host, or <c>null</c> when unset.</summary>
    public Uri? Url(Setting setting)
    {
        if (Get(setting) is not { } value)
        {
            return null;
        }

        return SettingParsers.TryParseUrl(value.Text, out var url)
            ? url
            : throw Invalid(value, UrlProblem);
    }

    /// <summary>How a bad URL is described (the cross-SDK suite looks for "invalid uri character").</summary>
    public const string UrlProblem = "is not a valid URI (invalid uri character, or not an absolute http:// or https:// URL with a host)";

    /// <summary>
    /// The error for a bad value: <c>NAME 'text' problem</c>, with the file and line when the value
    /// came from a profile key. The value is quoted only when it is short and printable (a setting
    /// holds no secret, but may hold garbage).
    /// </summary>
    public static ConfigException Invalid(SettingValue value, string problem)
    {
        var message = $"{value.Origin.Name} {Quote(value.Text)} {problem}";
        return value.Origin.Location is { } at ? new ConfigException(message, at.File, at.Line) : new ConfigException(message);
    }

    private static string Quote(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return "(a value with control characters)";
            }
        }

        return text.Length <= 200 ? $"'{text}'" : $"'{text[..200]}…'";
    }

    private static string? NonBlank(string text)
    {
        var trimmed = text.AsSpan().Trim(" \t");
        return trimmed.IsEmpty ? null : trimmed.Length == text.Length ? text : trimmed.ToString();
    }
}
