using System.Globalization;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Platform;

namespace Sesame.Core.Engine;

/// <summary>
/// The cache keys of a chain's links and the two policy decisions they depend on (whether an MFA
/// session is inserted, and which hops send their own MFA code). Pure, and shared by
/// <see cref="ProviderFactory"/> (which builds the providers) and
/// <see cref="CredentialEngine.TryGetCached"/> (which answers a cache hit without building anything).
/// </summary>
public static class ChainKeys
{
    /// <summary>The base source's key and whether its credentials are cached.</summary>
    public static (string Key, bool Cached) ForBase(BaseSource source, IEnvironment environment, IStoredKeys? storedKeys) => source switch
    {
        StaticKeysSource keys => (CacheKeys.Derive(null, "keys", keys.AccessKeyId.Value.Trim()), false),
        StoredKeysSource stored => (CacheKeys.Derive(null, "stored-keys", stored.Profile, storedKeys?.AccessKeyId(stored.Profile)), false),
        CredentialProcessSource process => (CacheKeys.Derive(null, "process", process.Profile, process.Command.Value), false),
        SsoSource sso => (CacheKeys.Derive(null, "sso", sso.SessionName ?? sso.StartUrl, sso.AccountId, sso.RoleName), true),
        WebIdentitySource web => (CacheKeys.Derive(null, "web-identity", web.RoleArn, web.TokenFile, web.SessionName), true),
        NamedSource { Source: CredentialSourceKind.Environment } => (CacheKeys.Derive(null, "environment", environment.GetNonBlank("AWS_ACCESS_KEY_ID")), false),
        NamedSource { Source: CredentialSourceKind.Ec2InstanceMetadata } => (CacheKeys.Derive(null, "instance-metadata"), false),
        NamedSource { Source: CredentialSourceKind.EcsContainer } => (CacheKeys.Derive(null, "container", environment.GetVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ?? environment.GetVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI")), false),
        _ => (CacheKeys.Derive(null, source.Kind, source.Profile), false),
    };

    /// <summary>
    /// The device for an MFA session and the profile that names it, or nulls when none is used: only
    /// when the feature is on, the base is long-term keys, and the first role hop (or, with no roles,
    /// the keys' own profile) names an <c>mfa_serial</c>. The session speaks for the profile that
    /// names the device, so that profile's <c>mfa_process</c> applies.
    /// </summary>
    public static (string? Serial, string? Profile) SessionSerial(ChainPlan plan, EngineSettings settings, ProfileSet profiles)
    {
        var longTerm = plan.Base is StoredKeysSource || (plan.Base is StaticKeysSource keys && keys.SessionToken is null);
        if (!settings.MfaSession || !longTerm)
        {
            return (null, null);
        }

        return plan.Roles.Count > 0
            ? (plan.Roles[0].MfaSerial?.Value, plan.Roles[0].Profile)
            : (profiles.GetProfile(plan.Base.Profile)?.GetString(Keys.MfaSerial), plan.Base.Profile);
    }

    /// <summary>The key of the MFA session.</summary>
    public static string ForSession(string parent, string serial, int durationSeconds)
        => CacheKeys.Derive(parent, "session-token", serial, durationSeconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether a hop sends its own MFA code: the MFA session satisfies an MFA-protected role assumed
    /// directly from it; every other hop with an <c>mfa_serial</c> sends one.
    /// </summary>
    public static bool SendsMfa(RoleStep step, bool callerIsMfaSession, string? sessionSerial)
        => step.MfaSerial is not null && !(callerIsMfaSession && step.MfaSerial.Value == sessionSerial);

    /// <summary>The key of a role hop.</summary>
    public static string ForRole(string parent, RoleStep step, bool sendsMfa)
        => CacheKeys.Derive(
            parent,
            "assume-role",
            step.RoleArn.Value,
            step.SessionName,
            step.ExternalId,
            step.DurationSeconds?.ToString(CultureInfo.InvariantCulture),
            sendsMfa ? step.MfaSerial!.Value : null);

    /// <summary>The key of the chain's top link when its credentials are cached, else <c>null</c>.</summary>
    public static string? Top(ChainPlan plan, EngineSettings settings, ProfileSet profiles, IEnvironment environment, IStoredKeys? storedKeys)
    {
        var (key, cached) = ForBase(plan.Base, environment, storedKeys);
        var (serial, _) = SessionSerial(plan, settings, profiles);
        var callerIsMfaSession = false;
        if (serial is not null)
        {
            key = ForSession(key, serial, (int)settings.SessionDuration.TotalSeconds);
            cached = callerIsMfaSession = true;
        }

        foreach (var step in plan.Roles)
        {
            key = ForRole(key, step, SendsMfa(step, callerIsMfaSession, serial));
            cached = true;
            callerIsMfaSession = false;
        }

        return cached ? key : null;
    }
}
