using Sesame.Core.Config;
using Sesame.Core.Errors;

namespace Sesame.Core.Sso;

/// <summary>
/// What a login needs to know about an IAM Identity Center session: an <c>[sso-session NAME]</c>
/// section, or a legacy profile with <c>sso_start_url</c> and <c>sso_region</c> of its own
/// (aws-wire-reference §3.4, §10).
/// </summary>
/// <param name="SessionName">The sso-session name, or <c>null</c> for a legacy profile.</param>
/// <param name="StartUrl">The AWS access portal URL.</param>
/// <param name="Region">The Identity Center region.</param>
/// <param name="ConfiguredScopes"><c>sso_registration_scopes</c> as configured, or <c>null</c> when not set.</param>
/// <param name="LegacyProfile">For a legacy profile, its name (for messages and the login hint).</param>
public sealed record SsoSessionConfig(string? SessionName, string StartUrl, string Region, IReadOnlyList<string>? ConfiguredScopes, string? LegacyProfile)
{
    /// <summary>The scope Sesame registers with when none is configured (the AWS CLI's PKCE default).</summary>
    public const string DefaultScope = "sso:account:access";

    /// <summary>The token cache key: the session name, or the start URL for legacy profiles.</summary>
    public string CacheKey => SessionName ?? StartUrl;

    /// <summary>
    /// The scopes to register with: the configured ones, else <c>sso:account:access</c>. Always some,
    /// because refresh tokens are only issued to clients registered with scopes (§3.5).
    /// </summary>
    public IReadOnlyList<string> RegistrationScopes => ConfiguredScopes is { Count: > 0 } ? ConfiguredScopes : [DefaultScope];

    /// <summary>The token request a provider would make for this session.</summary>
    public SsoTokenRequest ToRequest(string? profile = null) => new(profile ?? LegacyProfile ?? string.Empty, SessionName, StartUrl, Region);

    /// <summary>How messages name the session.</summary>
    public string Description => SessionName is null ? $"'{StartUrl}' (profile {LegacyProfile})" : $"'{SessionName}'";

    /// <summary>Parses <c>sso_registration_scopes</c>: comma-separated, trimmed, empty items dropped (AWS CLI parse_sso_registration_scopes).</summary>
    public static IReadOnlyList<string>? ParseScopes(string? raw)
        => raw is null ? null : [.. raw.Split(',').Select(s => s.Trim(' ', '\t')).Where(s => s.Length > 0)];

    /// <summary>The settings of an <c>[sso-session NAME]</c> section.</summary>
    public static SsoSessionConfig FromSession(ProfileSet profiles, string name)
    {
        var section = profiles.GetSsoSession(name);
        if (section is null)
        {
            var known = profiles.SsoSessions.Select(s => s.Name).ToList();
            throw new ConfigException(known.Count == 0
                ? $"there is no [sso-session {name}] section in the AWS config file; create one with 'sesame configure sso <profile>'"
                : $"there is no [sso-session {name}] section in the AWS config file (known: {string.Join(", ", known)})");
        }

        var startUrl = Required(section, Keys.SsoStartUrl, $"[sso-session {name}]");
        var region = Required(section, Keys.SsoRegion, $"[sso-session {name}]");
        return new SsoSessionConfig(name, startUrl, region, ParseScopes(section.GetString(Keys.SsoRegistrationScopes)), null);
    }

    /// <summary>The session a profile uses: its <c>sso_session</c>, or its own legacy settings.</summary>
    public static SsoSessionConfig FromProfile(ProfileSet profiles, string profileName)
    {
        var profile = profiles.GetProfile(profileName) ?? throw new ProfileNotFoundException(profileName, null);
        if (profile.GetString(Keys.SsoSession) is { } session && !string.IsNullOrWhiteSpace(session))
        {
            return FromSession(profiles, session.Trim());
        }

        if (profile.Get(Keys.SsoStartUrl) is null)
        {
            throw new ConfigException($"profile '{profileName}' does not use IAM Identity Center (it has neither sso_session nor sso_start_url)");
        }

        var startUrl = Required(profile, Keys.SsoStartUrl, $"profile '{profileName}'");
        var region = Required(profile, Keys.SsoRegion, $"profile '{profileName}'");
        return new SsoSessionConfig(null, startUrl, region, null, profileName);
    }

    /// <summary>The session behind a token request (for its scopes), or a bare one when the files no longer name it.</summary>
    public static SsoSessionConfig ForRequest(ProfileSet profiles, SsoTokenRequest request)
        => request.SessionName is { } name && profiles.GetSsoSession(name) is not null
            ? FromSession(profiles, name)
            : new SsoSessionConfig(request.SessionName, request.StartUrl, request.Region, null, request.SessionName is null ? request.Profile : null);

    private static string Required(ConfigSection section, string key, string where)
    {
        var value = section.Get(key);
        if (value is null || string.IsNullOrWhiteSpace(value.Value))
        {
            var at = section.Headers.FirstOrDefault();
            throw new ConfigException($"{where} is missing {key}", at.File, at.Line);
        }

        return value.Value.Trim();
    }
}
