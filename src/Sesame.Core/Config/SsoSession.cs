using Sesame.Core.Errors;

namespace Sesame.Core.Config;

/// <summary>
/// An IAM Identity Center session as the files define it — an <c>[sso-session NAME]</c> section, or
/// a legacy profile with <c>sso_start_url</c> and <c>sso_region</c> of its own (aws-wire-reference
/// §3.4, §10) — resolved once, by the chain planner's rules, and used by every part of Sesame that
/// deals with the session: role credentials, login, refresh, status, populate and logout.
/// </summary>
/// <param name="SessionName">The sso-session name, or <c>null</c> for a legacy profile.</param>
/// <param name="StartUrl">The AWS access portal URL (empty when the files do not set it; see <see cref="Require"/>).</param>
/// <param name="Region">The Identity Center region (empty when not set).</param>
/// <param name="ConfiguredScopes"><c>sso_registration_scopes</c> as configured, or <c>null</c> when not set.</param>
/// <param name="LegacyProfile">For a legacy profile, its name.</param>
/// <param name="Location">Where the session is named (the <c>sso_session</c> key, the section, or the legacy profile's first SSO key).</param>
public sealed record SsoSession(string? SessionName, string StartUrl, string Region, IReadOnlyList<string>? ConfiguredScopes, string? LegacyProfile, SourceLocation Location)
{
    /// <summary>The scope Sesame registers with when none is configured (the AWS CLI's PKCE default).</summary>
    public const string DefaultScope = "sso:account:access";

    /// <summary>The profile that asked for the session (for messages), or empty.</summary>
    public string Profile { get; init; } = LegacyProfile ?? string.Empty;

    /// <summary>The token cache key: the session name, or the start URL for legacy profiles (§3.4).</summary>
    public string CacheKey => SessionName ?? StartUrl;

    /// <summary>
    /// The scopes to register with: the configured ones, else <c>sso:account:access</c>. Always some,
    /// because refresh tokens are only issued to clients registered with scopes (§3.5).
    /// </summary>
    public IReadOnlyList<string> RegistrationScopes => ConfiguredScopes is { Count: > 0 } ? ConfiguredScopes : [DefaultScope];

    /// <summary>How messages name the session.</summary>
    public string Description => SessionName is null ? $"'{StartUrl}' (profile {LegacyProfile})" : $"'{SessionName}'";

    /// <summary>The command that signs in to this session.</summary>
    public string LoginCommand => SessionName is null ? $"sesame sso login --profile {LegacyProfile}" : $"sesame sso login --sso-session {SessionName}";

    /// <summary>Where the session's settings live, for messages: <c>[sso-session NAME]</c> or the legacy profile.</summary>
    public string Where => SessionName is null ? $"profile {LegacyProfile}" : $"[sso-session {SessionName}]";

    /// <summary>
    /// The session, when both <c>sso_start_url</c> and <c>sso_region</c> are set; otherwise a
    /// <see cref="ConfigException"/> naming what is missing and where to set it (botocore's "missing
    /// required configuration"), raised when the session is used, as in the AWS CLI.
    /// </summary>
    public SsoSession Require()
    {
        var missing = new List<string>();
        if (StartUrl.Length == 0)
        {
            missing.Add(Keys.SsoStartUrl);
        }

        if (Region.Length == 0)
        {
            missing.Add(Keys.SsoRegion);
        }

        return missing.Count == 0
            ? this
            : throw new ConfigException(
                $"{(Profile.Length == 0 ? string.Empty : $"profile '{Profile}' is configured to use IAM Identity Center but ")}{(Profile.Length == 0 ? "the IAM Identity Center session is " : string.Empty)}missing required configuration: {string.Join(", ", missing)} (set it in {(SessionName is null ? "the profile" : Where)})",
                Location.File,
                Location.Line);
    }

    /// <summary>Parses <c>sso_registration_scopes</c>: comma-separated, trimmed, empty items dropped (AWS CLI parse_sso_registration_scopes).</summary>
    public static IReadOnlyList<string>? ParseScopes(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var scopes = new List<string>();
        foreach (var part in raw.Split(','))
        {
            var scope = part.Trim(' ', '\t');
            if (scope.Length > 0)
            {
                scopes.Add(scope);
            }
        }

        return scopes;
    }

    /// <summary>The session of an <c>[sso-session NAME]</c> section; a missing section is an error that lists the known ones.</summary>
    public static SsoSession Named(ProfileSet profiles, string name)
    {
        var section = profiles.GetSsoSession(name);
        if (section is null)
        {
            var known = new List<string>();
            foreach (var session in profiles.SsoSessions)
            {
                known.Add(session.Name);
            }

            throw new ConfigException(known.Count == 0
                ? $"there is no [sso-session {name}] section in the AWS config file; create one with 'sesame configure sso <profile>'"
                : $"there is no [sso-session {name}] section in the AWS config file (known: {string.Join(", ", known)})");
        }

        return FromSection(section, section.Headers.FirstOrDefault());
    }

    /// <summary>
    /// The session a profile signs in with, by the chain planner's rules (so <c>sso login --profile P</c>
    /// accepts exactly the profiles that resolve): its <c>sso_session</c>, whose section must exist and
    /// agree with any <c>sso_start_url</c>/<c>sso_region</c> the profile repeats, or its own legacy settings.
    /// </summary>
    public static SsoSession ForProfile(ProfileSet profiles, string profileName)
    {
        var profile = profiles.GetProfile(profileName) ?? throw new ProfileNotFoundException(profileName, NameSuggester.Closest(profileName, profiles.ProfileNames));
        if (!profile.Has(Keys.SsoSession) && !profile.Has(Keys.SsoStartUrl))
        {
            var at = profile.Headers.FirstOrDefault();
            throw new ConfigException($"profile '{profileName}' does not use IAM Identity Center (it has neither sso_session nor sso_start_url)", at.File, at.Line);
        }

        return OfProfile(profiles, profile);
    }

    /// <summary>
    /// The session of a profile with SSO settings. botocore merges the sso-session into the profile and
    /// requires keys present in both to agree; smithy-rs refuses <c>sso_region</c>/<c>sso_start_url</c>
    /// in the profile outright. Sesame accepts an equal value (files the AWS CLI accepts keep working)
    /// and refuses a different one.
    /// </summary>
    public static SsoSession OfProfile(ProfileSet profiles, ConfigSection profile)
    {
        var sessionName = profile.Get(Keys.SsoSession);
        var startUrl = profile.Get(Keys.SsoStartUrl);
        var region = profile.Get(Keys.SsoRegion);
        if (sessionName is null)
        {
            var at = (startUrl ?? region ?? profile.Get(Keys.SsoAccountId) ?? profile.Get(Keys.SsoRoleName))?.Location ?? profile.Headers.FirstOrDefault();
            return new SsoSession(null, Clean(startUrl?.Value), Clean(region?.Value), null, profile.Name, at);
        }

        var section = profiles.GetSsoSession(sessionName.Value.Trim())
            ?? throw new ConfigException(
                $"profile '{profile.Name}' has sso_session = {sessionName.Value}, but there is no [sso-session {sessionName.Value}] section",
                sessionName.Location.File,
                sessionName.Location.Line);
        CheckConsistent(profile, section, startUrl, Keys.SsoStartUrl);
        CheckConsistent(profile, section, region, Keys.SsoRegion);
        return FromSection(section, sessionName.Location) with { Profile = profile.Name };
    }

    private static SsoSession FromSection(ConfigSection section, SourceLocation location)
        => new(
            section.Name,
            Clean(section.GetString(Keys.SsoStartUrl)),
            Clean(section.GetString(Keys.SsoRegion)),
            ParseScopes(section.GetString(Keys.SsoRegistrationScopes)),
            null,
            location);

    private static void CheckConsistent(ConfigSection profile, ConfigSection session, ConfigValue? inProfile, string key)
    {
        var inSession = session.Get(key);
        if (inProfile is not null && (inSession is null || inSession.Value != inProfile.Value))
        {
            throw new ConfigException(
                $"`{key}` can only be specified in the [sso-session] config when a session name is given: profile '{profile.Name}' sets {key} = {inProfile.Value}, [sso-session {session.Name}] {(inSession is null ? "does not set it" : $"sets {inSession.Value}")}; keep it in the sso-session section only",
                inProfile.Location.File,
                inProfile.Location.Line);
        }
    }

    private static string Clean(string? value) => value?.Trim(' ', '\t') ?? string.Empty;
}
