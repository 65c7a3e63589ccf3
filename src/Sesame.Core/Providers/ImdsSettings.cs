using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Settings;

namespace Sesame.Core.Providers;

/// <summary>
/// The instance-metadata settings botocore reads (configprovider.py), through <see cref="SettingsSource"/>
/// (a variable beating the profile key): <c>AWS_EC2_METADATA_DISABLED</c> (variable only),
/// <c>AWS_EC2_METADATA_V1_DISABLED</c> / <c>ec2_metadata_v1_disabled</c>, <c>AWS_METADATA_SERVICE_TIMEOUT</c> /
/// <c>metadata_service_timeout</c> (seconds, default 1) and <c>AWS_METADATA_SERVICE_NUM_ATTEMPTS</c> /
/// <c>metadata_service_num_attempts</c> (default 1). Flags follow botocore: true when the value is "true" in any case.
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
    public static ImdsSettings Read(IEnvironment environment, ConfigSection? profile) => Read(new SettingsSource(environment, profile));

    /// <summary>Reads the settings from a source.</summary>
    public static ImdsSettings Read(SettingsSource source)
        => new(
            source.AwsFlag(SettingCatalog.ImdsDisabled),
            source.AwsFlag(SettingCatalog.ImdsV1Disabled),
            source.Seconds(SettingCatalog.ImdsTimeout, 3600, DefaultTimeout),
            source.WholeNumber(SettingCatalog.ImdsAttempts, 1, 20));
}
