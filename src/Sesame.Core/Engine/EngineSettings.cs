using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Settings;

namespace Sesame.Core.Engine;

/// <summary>
/// Sesame's own settings for resolving a profile, read through <see cref="SettingsSource"/>: a
/// <c>SESAME_*</c> variable wins over a <c>sesame_*</c> key in the selected profile, which wins over
/// the default. Documented in docs/settings.md.
/// </summary>
/// <param name="RefreshWindow">Cached credentials are refreshed when less than this remains (default 15 min, botocore's threshold, so an AWS CLI never receives credentials it would immediately refresh); never more than a third of a session's lifetime (<see cref="Caching.Freshness"/>).</param>
/// <param name="MfaSession">Use one GetSessionToken-with-MFA session for all roles behind an MFA device (default true). False gives botocore's call pattern: MFA sent with each AssumeRole.</param>
/// <param name="SessionDuration">How long that MFA session lasts (default 12 h; IAM users may ask up to 36 h).</param>
/// <param name="LockTimeout">How long to wait for another process fetching the same credentials (default 5 min: it may be waiting for someone to type an MFA code).</param>
/// <param name="HelperTimeout">How long <c>credential_process</c> and <c>mfa_process</c> may run before they are stopped (default 2 min).</param>
public sealed record EngineSettings(TimeSpan RefreshWindow, bool MfaSession, TimeSpan SessionDuration, TimeSpan LockTimeout, TimeSpan HelperTimeout)
{
    /// <summary>The defaults.</summary>
    public static EngineSettings Default { get; } = new(TimeSpan.FromMinutes(15), true, TimeSpan.FromHours(12), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2));

    /// <summary>Reads the settings for a selected profile (or none).</summary>
    public static EngineSettings Read(IEnvironment environment, ConfigSection? profile) => Read(new SettingsSource(environment, profile));

    /// <summary>Reads the settings from a source.</summary>
    public static EngineSettings Read(SettingsSource source)
    {
        var defaults = Default;
        return new EngineSettings(
            source.Duration(SettingCatalog.RefreshWindow, defaults.RefreshWindow),
            source.Flag(SettingCatalog.MfaSession, defaults.MfaSession),
            source.Duration(SettingCatalog.SessionDuration, defaults.SessionDuration),
            source.Duration(SettingCatalog.LockTimeout, defaults.LockTimeout),
            source.Duration(SettingCatalog.HelperTimeout, defaults.HelperTimeout));
    }
}
