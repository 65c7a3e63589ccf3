using Sesame.Core.Config.Chain;

namespace Sesame.Core.Config.Reports;

/// <summary>One row of <c>sesame list</c>.</summary>
/// <param name="Name">The profile name.</param>
/// <param name="Kind">static, role, sso, saml, process, web-identity, credential-source, login or unknown.</param>
/// <param name="Source">What the profile chains to or reads from (a profile, an sso-session, a file), or <c>null</c>.</param>
/// <param name="Region">The profile's region, or <c>null</c>.</param>
/// <param name="Location">Where the profile is first defined.</param>
public sealed record ProfileSummary(string Name, string Kind, string? Source, string? Region, SourceLocation Location)
{
    /// <summary>Summarizes every profile of a set, in file order. Never throws for invalid profiles.</summary>
    public static IReadOnlyList<ProfileSummary> ForAll(ProfileSet profiles, Func<string, bool>? hasStoredKeys = null)
    {
        var result = new List<ProfileSummary>(profiles.ProfileNames.Count);
        result.AddRange(Each(profiles, hasStoredKeys));
        return result;
    }

    /// <summary>
    /// Summarizes every profile of a set, in file order, one at a time. Never throws for invalid profiles.
    /// A summary keeps a few strings of its profile; the profile's settings are let go as soon as it is
    /// summarized, so that on a large config they die young instead of being promoted and copied by every
    /// collection (<c>sesame list</c> on 100,000 profiles: docs/benchmarks.md).
    /// </summary>
    public static IEnumerable<ProfileSummary> Each(ProfileSet profiles, Func<string, bool>? hasStoredKeys = null)
    {
        foreach (var profile in profiles.Profiles)
        {
            var summary = For(profiles, profile, hasStoredKeys);
            profile.ReleaseValues();
            yield return summary;
        }
    }

    /// <summary>Summarizes one profile.</summary>
    public static ProfileSummary For(ProfileSet profiles, ConfigSection profile, Func<string, bool>? hasStoredKeys = null)
    {
        var (kind, source) = Classify(profiles, profile, hasStoredKeys);
        return new ProfileSummary(profile.Name, kind, source, profile.GetString(Keys.Region), profile.Headers.First());
    }

    private static (string Kind, string? Source) Classify(ProfileSet profiles, ConfigSection profile, Func<string, bool>? hasStoredKeys)
    {
        if (ChainPlanner.HasRoleConfig(profile))
        {
            var source = profile.GetString(Keys.SourceProfile) is { } sourceProfile
                ? sourceProfile
                : profile.GetString(Keys.CredentialSource) is { } credentialSource ? $"credential_source:{credentialSource}" : null;
            return ("role", source);
        }

        return ChainPlanner.DetectBase(profiles, profile, hasStoredKeys) switch
        {
            BaseKind.WebIdentity => ("web-identity", profile.GetString(Keys.WebIdentityTokenFile)),
            BaseKind.Sso => ("sso", profile.GetString(Keys.SsoSession) is { } session ? $"sso-session:{session}" : profile.GetString(Keys.SsoStartUrl)),
            BaseKind.Saml => ("saml", SamlIdp(profile.GetString(Keys.SesameSamlUrl))),
            BaseKind.StoredKeys => ("static", "secret store"),
            BaseKind.CredentialsFileKeys => ("static", "credentials file"),
            BaseKind.ConfigFileKeys => ("static", "config file"),
            BaseKind.Login => ("login", profile.GetString(Keys.LoginSession)),
            BaseKind.Process => ("process", FirstWord(profile.GetString(Keys.CredentialProcess))),
            BaseKind.CredentialSource => ("credential-source", profile.GetString(Keys.CredentialSource)),
            _ => ("unknown", null),
        };
    }

    // The IdP's host only: a sign-in URL's query may carry tokens.
    private static string? SamlIdp(string? url)
    {
        var text = url?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Uri.TryCreate(text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text, UriKind.Absolute, out var uri) ? uri.Authority : null;
    }

    // Only the program, not its arguments: arguments may carry tokens.
    private static string? FirstWord(string? command)
    {
        if (command is null)
        {
            return null;
        }

        var trimmed = command.TrimStart();
        var end = trimmed.IndexOfAny([' ', '\t']);
        return end < 0 ? trimmed : trimmed[..end];
    }
}
