using System.Globalization;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Providers;

/// <summary>
/// The instance-metadata settings botocore reads (configprovider.py), a variable beating the
/// profile key: <c>AWS_EC2_METADATA_DISABLED</c> (variable only), <c>AWS_EC2_METADATA_V1_DISABLED</c>
/// / <c>ec2_metadata_v1_disabled</c>, <c>AWS_METADATA_SERVICE_TIMEOUT</c> /
/// <c>metadata_service_timeout</c> (seconds, default 1) and <c>AWS_METADATA_SERVICE_NUM_ATTEMPTS</c> /
/// <c>metadata_service_num_attempts</c> (default 1). Flags are true when the value is "true" in any case.
/// </summary>
/// <param name="Disabled">Instance metadata is not used at all.</param>
/// <param name="V1Disabled">Never fall back to requests without a token (IMDSv1).</param>
/// <param name="Timeout">How long each request may take.</param>
/// <param name="Attempts">The configured attempts per request, or <c>null</c> when not configured.</param>
public sealed record ImdsSettings(bool Disabled, bool V1Disabled, TimeSpan Timeout, int? Attempts)
{
    /// <summary>botocore's default timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Reads the settings for the selected profile (or none).</summary>
    public static ImdsSettings Read(IEnvironment environment, ConfigSection? profile)
    {
        var disabled = environment.GetFlag("AWS_EC2_METADATA_DISABLED");
        var v1Disabled = Flag(environment, profile, "AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled");
        var timeout = DefaultTimeout;
        if (Setting(environment, profile, "AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout") is { } timeoutText)
        {
            if (!double.TryParse(timeoutText.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 3600)
            {
                throw Invalid(timeoutText, "is not a number of seconds");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        int? attempts = null;
        if (Setting(environment, profile, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts") is { } attemptsText)
        {
            if (!int.TryParse(attemptsText.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 20)
            {
                throw Invalid(attemptsText, "is not a whole number from 1 to 20");
            }

            attempts = count;
        }

        return new ImdsSettings(disabled, v1Disabled, timeout, attempts);
    }

    private static bool Flag(IEnvironment environment, ConfigSection? profile, string variable, string key)
        => string.Equals((environment.GetNonBlank(variable) ?? profile?.GetString(key))?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static (string Text, string Name, ConfigValue? Value)? Setting(IEnvironment environment, ConfigSection? profile, string variable, string key)
    {
        if (environment.GetNonBlank(variable) is { } text)
        {
            return (text.Trim(), variable, null);
        }

        return profile?.Get(key) is { } value && !string.IsNullOrWhiteSpace(value.Value) ? (value.Value.Trim(), key, value) : null;
    }

    private static ConfigException Invalid((string Text, string Name, ConfigValue? Value) setting, string problem)
        => setting.Value is { } value
            ? new ConfigException($"{setting.Name} '{setting.Text}' {problem}", value.Location.File, value.Location.Line)
            : new ConfigException($"{setting.Name} '{setting.Text}' {problem}");
}
