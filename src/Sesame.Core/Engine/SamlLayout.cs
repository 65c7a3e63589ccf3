using System.Globalization;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Saml;

namespace Sesame.Core.Engine;

/// <summary>
/// The cache key and expected lifetime of a SAML base link (docs/saml.md): the key covers everything that
/// decides which credentials the sign-in yields — the IdP (scheme, host and path of its sign-on URL), the
/// user, the role and SAML provider asked for, and the duration — so two profiles that differ in any of
/// them never share an entry, and two that agree share one sign-in and one AssumeRoleWithSAML.
/// </summary>
public static class SamlLayout
{
    /// <summary>The profile's SAML settings (a bad value is a <see cref="Errors.ConfigException"/> with file and line).</summary>
    public static SamlProfileSettings Settings(ProfileSet profiles, SamlSource source)
        => SamlProfileSettings.Read(profiles.GetProfile(source.Profile) ?? throw new Errors.ProfileNotFoundException(source.Profile, null));

    /// <summary>The base link's cache key and the lifetime its credentials are expected to have.</summary>
    public static (string Key, TimeSpan Lifetime) BaseKey(SamlProfileSettings settings)
    {
        var key = CacheKeys.Derive(
            null,
            "saml",
            IdpSessionStore.IdpName(SamlSignIn.SignOnUrl(settings)),
            (settings.Username ?? string.Empty).Trim().ToLowerInvariant(),
            settings.RoleArn,
            settings.PrincipalArn,
            settings.DurationSeconds?.ToString(CultureInfo.InvariantCulture));

        // AssumeRoleWithSAML gives what was asked (capped by the assertion's SessionDuration), else one hour.
        return (key, TimeSpan.FromSeconds(settings.DurationSeconds ?? SamlDuration.Default));
    }
}
