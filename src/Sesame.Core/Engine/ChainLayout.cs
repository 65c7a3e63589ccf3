using System.Globalization;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Platform;
using Sesame.Core.Providers;

namespace Sesame.Core.Engine;

/// <summary>What a link of a chain does.</summary>
public enum LinkKind
{
    /// <summary>The base source: keys, a process, SSO, web identity, a credential source.</summary>
    Base,

    /// <summary>GetSessionToken with MFA, in front of the roles behind one MFA device.</summary>
    MfaSession,

    /// <summary>One AssumeRole hop.</summary>
    Role,
}

/// <summary>
/// One link of a <see cref="ChainLayout"/>: what it is, the profile it speaks for, its cache key
/// (derived from its parent's key and everything that determines its credentials), whether its
/// credentials are cached, the MFA device it sends a code for, and the refresh window that applies to it.
/// </summary>
/// <param name="Kind">What the link does.</param>
/// <param name="Profile">The profile the link comes from.</param>
/// <param name="Key">The link's key (also for links whose credentials are not cached: children derive from it).</param>
/// <param name="IsCached">True when the link's temporary credentials are cached under <see cref="Key"/>.</param>
/// <param name="MfaSerial">The MFA device this link sends a code for, if any.</param>
/// <param name="RefreshWindow">The freshness window for this link's credentials (<see cref="Freshness.WindowFor"/>).</param>
/// <param name="Source">The base source (for <see cref="LinkKind.Base"/>).</param>
/// <param name="Step">The role hop (for <see cref="LinkKind.Role"/>).</param>
/// <param name="SessionSeconds">The MFA session's duration (for <see cref="LinkKind.MfaSession"/>).</param>
public sealed record LinkLayout(
    LinkKind Kind,
    string Profile,
    string Key,
    bool IsCached,
    string? MfaSerial,
    TimeSpan RefreshWindow,
    BaseSource? Source = null,
    RoleStep? Step = null,
    int SessionSeconds = 0)
{
    /// <summary>The cache key when the link is cached, else <c>null</c>.</summary>
    public string? CacheKey => IsCached ? Key : null;
}

/// <summary>
/// A profile's chain as data, derived once from its <see cref="ChainPlan"/> and settings: the base,
/// the optional MFA session, then one link per role hop, each with its cache key. Both lanes come
/// from it — <see cref="ProviderFactory"/> builds one provider per link, and the cache-hit lane reads
/// the top link's key — so they cannot drift apart.
/// </summary>
/// <param name="Plan">The plan the layout was derived from.</param>
/// <param name="Settings">The engine settings in force (the selected profile's).</param>
/// <param name="Links">The links, base first.</param>
public sealed record ChainLayout(ChainPlan Plan, EngineSettings Settings, IReadOnlyList<LinkLayout> Links)
{
    /// <summary>The link whose credentials the profile resolves to.</summary>
    public LinkLayout Top => Links[^1];

    /// <summary>
    /// True when the profile is long-term keys used as they are (in a file or the store, no MFA session,
    /// no role): nothing to fetch and nothing to cache.
    /// </summary>
    public bool IsLongTermKeys => Links.Count == 1 && Plan.Base is StoredKeysSource or StaticKeysSource;

    /// <summary>Derives the layout of a plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="settings">The engine settings of the selected profile.</param>
    /// <param name="profiles">The files (for the <c>mfa_serial</c> of a keys-only profile).</param>
    /// <param name="environment">The environment (environment credentials and container endpoints are part of base keys).</param>
    /// <param name="storedKeys">Sesame's stored keys (their id is part of the base key), or <c>null</c>.</param>
    public static ChainLayout Of(ChainPlan plan, EngineSettings settings, ProfileSet profiles, IEnvironment environment, IStoredKeys? storedKeys)
    {
        var links = new List<LinkLayout>(plan.Roles.Count + 2);
        var (key, cached, lifetime) = plan.Base is SamlSource saml ? SamlKey(profiles, saml) : BaseKey(plan.Base, environment, storedKeys);
        links.Add(new LinkLayout(LinkKind.Base, plan.Base.Profile, key, cached, null, Freshness.WindowFor(settings.RefreshWindow, lifetime), Source: plan.Base));

        var (serial, sessionProfile) = SessionSerial(plan, settings, profiles);
        var callerIsMfaSession = false;
        if (serial is not null)
        {
            var seconds = (int)settings.SessionDuration.TotalSeconds;
            key = CacheKeys.Derive(key, "session-token", serial, seconds.ToString(CultureInfo.InvariantCulture));
            links.Add(new LinkLayout(LinkKind.MfaSession, sessionProfile!, key, true, serial, Freshness.WindowFor(settings.RefreshWindow, settings.SessionDuration), SessionSeconds: seconds));
            callerIsMfaSession = true;
        }

        foreach (var step in plan.Roles)
        {
            // The MFA session satisfies an MFA-protected role assumed directly from it; every other
            // hop with an mfa_serial sends its own code.
            var sendsMfa = step.MfaSerial is not null && !(callerIsMfaSession && step.MfaSerial.Value == serial);
            key = CacheKeys.Derive(
                key,
                "assume-role",
                step.RoleArn.Value,
                step.SessionName,
                step.ExternalId,
                step.DurationSeconds?.ToString(CultureInfo.InvariantCulture),
                sendsMfa ? step.MfaSerial!.Value : null);

            // AssumeRole's default DurationSeconds is one hour.
            var expected = TimeSpan.FromSeconds(step.DurationSeconds ?? 3600);
            links.Add(new LinkLayout(LinkKind.Role, step.Profile, key, true, sendsMfa ? step.MfaSerial!.Value : null, Freshness.WindowFor(settings.RefreshWindow, expected), Step: step));
            callerIsMfaSession = false;
        }

        return new ChainLayout(plan, settings, links);
    }

    /// <summary>
    /// The device for an MFA session and the profile that names it, or nulls when none is used: only
    /// when the feature is on, the base is long-term keys, and the first role hop (or, with no roles,
    /// the keys' own profile) names an <c>mfa_serial</c>. The session speaks for the profile that
    /// names the device, so that profile's <c>mfa_process</c> applies.
    /// </summary>
    private static (string? Serial, string? Profile) SessionSerial(ChainPlan plan, EngineSettings settings, ProfileSet profiles)
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

    private static (string Key, bool Cached, TimeSpan? Lifetime) SamlKey(ProfileSet profiles, SamlSource source)
    {
        var (key, lifetime) = SamlLayout.BaseKey(SamlLayout.Settings(profiles, source));
        return (key, true, lifetime);
    }

    // The base's key, whether its credentials are cached, and how long they are expected to last.
    private static (string Key, bool Cached, TimeSpan? Lifetime) BaseKey(BaseSource source, IEnvironment environment, IStoredKeys? storedKeys) => source switch
    {
        StaticKeysSource keys => (CacheKeys.Derive(null, "keys", keys.AccessKeyId.Value.Trim()), false, null),
        StoredKeysSource stored => (CacheKeys.Derive(null, "stored-keys", stored.Profile, storedKeys?.AccessKeyId(stored.Profile)), false, null),
        CredentialProcessSource process => (CacheKeys.Derive(null, "process", process.Profile, process.Command.Value), false, null),
        SsoSource sso => (CacheKeys.Derive(null, "sso", sso.Session.CacheKey, sso.AccountId, sso.RoleName), true, null),

        // AssumeRoleWithWebIdentity's default DurationSeconds is one hour.
        WebIdentitySource web => (CacheKeys.Derive(null, "web-identity", web.RoleArn, web.TokenFile, web.SessionName), true, TimeSpan.FromHours(1)),
        NamedSource { Source: CredentialSourceKind.Environment } => (CacheKeys.Derive(null, "environment", environment.GetNonBlank("AWS_ACCESS_KEY_ID")), false, null),
        NamedSource { Source: CredentialSourceKind.Ec2InstanceMetadata } => (CacheKeys.Derive(null, "instance-metadata"), false, null),
        NamedSource { Source: CredentialSourceKind.EcsContainer } => (CacheKeys.Derive(null, "container", environment.GetVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ?? environment.GetVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI")), false, null),
        _ => (CacheKeys.Derive(null, source.Kind, source.Profile), false, null),
    };
}
