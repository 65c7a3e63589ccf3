using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Engine;

/// <summary>
/// Sesame's own settings for resolving a profile: a <c>SESAME_*</c> variable wins over a
/// <c>sesame_*</c> key in the selected profile, which wins over the default. Documented in docs/settings.md.
/// </summary>
/// <param name="RefreshWindow">Cached credentials are refreshed when less than this remains (default 15 min, botocore's threshold, so an AWS CLI never receives credentials it would immediately refresh).</param>
/// <param name="MfaSession">Use one GetSessionToken-with-MFA session for all roles behind an MFA device (default true). False gives botocore's call pattern: MFA sent with each AssumeRole.</param>
/// <param name="SessionDuration">How long that MFA session lasts (default 12 h; IAM users may ask up to 36 h).</param>
/// <param name="LockTimeout">How long to wait for another process fetching the same credentials (default 5 min: it may be waiting for someone to type an MFA code).</param>
/// <param name="HelperTimeout">How long <c>credential_process</c> and <c>mfa_process</c> may run before they are stopped (default 2 min).</param>
public sealed record EngineSettings(TimeSpan RefreshWindow, bool MfaSession, TimeSpan SessionDuration, TimeSpan LockTimeout, TimeSpan HelperTimeout)
{
    /// <summary>The defaults.</summary>
    public static EngineSettings Default { get; } = new(TimeSpan.FromMinutes(15), true, TimeSpan.FromHours(12), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2));

    /// <summary>Reads the settings for a selected profile (or none).</summary>
    public static EngineSettings Read(IEnvironment environment, ConfigSection? profile)
    {
        var defaults = Default;
        return new EngineSettings(
            Duration(environment, profile, "SESAME_REFRESH_WINDOW", "sesame_refresh_window", defaults.RefreshWindow),
            Flag(environment, profile, "SESAME_MFA_SESSION", "sesame_mfa_session", defaults.MfaSession),
            Duration(environment, profile, "SESAME_SESSION_DURATION", "sesame_session_duration", defaults.SessionDuration),
            Duration(environment, profile, "SESAME_LOCK_TIMEOUT", "sesame_lock_timeout", defaults.LockTimeout),
            Duration(environment, profile, "SESAME_HELPER_TIMEOUT", "sesame_helper_timeout", defaults.HelperTimeout));
    }

    private static TimeSpan Duration(IEnvironment environment, ConfigSection? profile, string variable, string key, TimeSpan fallback)
    {
        var fromEnvironment = environment.GetNonBlank(variable);
        var setting = fromEnvironment is not null ? null : profile?.Get(key);
        var text = fromEnvironment ?? setting?.Value;
        if (text is null)
        {
            return fallback;
        }

        if (!Durations.TryParse(text, out var duration))
        {
            var message = $"{(setting is null ? variable : key)} '{text}' is not a duration (write seconds, or 15m, 12h, 1d)";
            throw setting is null ? new SesameException(message, ExitCodes.ConfigError) : new ConfigException(message, setting.Location.File, setting.Location.Line);
        }

        return duration;
    }

    private static bool Flag(IEnvironment environment, ConfigSection? profile, string variable, string key, bool fallback)
    {
        var text = environment.GetNonBlank(variable) ?? profile?.GetString(key);
        return text?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new SesameException($"{variable} / {key} '{text}' must be true or false", ExitCodes.ConfigError),
        };
    }
}
