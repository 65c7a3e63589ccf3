using System.Globalization;

namespace Sesame.Core.Saml.Migration;

/// <summary>One IdP account of <c>~/.saml2aws</c> (Versent/saml2aws <c>pkg/cfg/cfg.go</c>).</summary>
public sealed record Saml2AwsAccount
{
    /// <summary>The section name (saml2aws's <c>--idp-account</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The IdP URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The user (<c>username</c>).</summary>
    public string? Username { get; init; }

    /// <summary>The provider (<c>provider</c>: <c>ADFS</c>, <c>ADFS2</c>, <c>Browser</c>, <c>Okta</c>, …).</summary>
    public string? Provider { get; init; }

    /// <summary>The MFA kind (<c>mfa</c>: <c>Auto</c>, <c>RSA</c>, <c>VIP</c>, …).</summary>
    public string? Mfa { get; init; }

    /// <summary>The role (<c>role_arn</c>).</summary>
    public string? RoleArn { get; init; }

    /// <summary>The session duration in seconds (<c>aws_session_duration</c>).</summary>
    public int? SessionDuration { get; init; }

    /// <summary>The AWS profile saml2aws writes (<c>aws_profile</c>, default <c>saml</c>).</summary>
    public string? AwsProfile { get; init; }

    /// <summary>The region (<c>region</c>).</summary>
    public string? Region { get; init; }

    /// <summary>The relying party (<c>aws_urn</c>).</summary>
    public string? AwsUrn { get; init; }

    /// <summary>The browser executable of the <c>Browser</c> provider (<c>browser_executable_path</c>).</summary>
    public string? BrowserExecutablePath { get; init; }

    /// <summary>True when saml2aws skipped TLS verification (<c>skip_verify</c>).</summary>
    public bool SkipVerify { get; init; }

    /// <summary>
    /// The Sesame keys for this account: ADFS and ADFS2 map to <c>adfs</c> (ADFS2's NTLM to <c>iwa</c>), every other
    /// provider to <c>browser</c>, which signs in at any IdP.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToSamlKeys()
    {
        var keys = new List<KeyValuePair<string, string>>();
        AwsAdfsProfile.Add(keys, SamlKeys.Url, Url);
        AwsAdfsProfile.Add(keys, SamlKeys.Username, Username);
        AwsAdfsProfile.Add(keys, SamlKeys.RoleArn, RoleArn);
        var provider = Provider?.Trim().ToUpperInvariant();
        if (provider is not ("ADFS" or "ADFS2"))
        {
            keys.Add(new(SamlKeys.Provider, "browser"));
            AwsAdfsProfile.Add(keys, SamlKeys.BrowserPath, BrowserExecutablePath);
        }
        else if (provider == "ADFS2" && !string.Equals(Mfa, "RSA", StringComparison.OrdinalIgnoreCase))
        {
            // saml2aws's ADFS2 provider signs in with NTLM.
            keys.Add(new(SamlKeys.Authentication, "iwa"));
        }

        if (AwsUrn is not null && AwsUrn != Adfs.AdfsUrls.AwsRelyingParty)
        {
            keys.Add(new(SamlKeys.RelyingParty, AwsUrn));
        }

        if (SessionDuration is > 0)
        {
            keys.Add(new(SamlKeys.Duration, SessionDuration.Value.ToString(CultureInfo.InvariantCulture)));
        }

        return keys;
    }
}

/// <summary>
/// Reads <c>~/.saml2aws</c>: go-ini sections (<c>[name]</c>) of <c>key = value</c> lines, <c>#</c> and <c>;</c>
/// comments. Unknown keys are ignored; nothing is ever written back.
/// </summary>
public static class Saml2AwsConfig
{
    /// <summary>The accounts in <paramref name="text"/>, in file order (the <c>DEFAULT</c> section only when it has a URL).</summary>
    public static IReadOnlyList<Saml2AwsAccount> Parse(string text)
    {
        var sections = new List<(string Name, Dictionary<string, string> Values)>();
        Dictionary<string, string>? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                sections.Add((line[1..^1].Trim(), current));
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is null || equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '`' && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            current[line[..equals].Trim()] = value;
        }

        var accounts = new List<Saml2AwsAccount>();
        foreach (var (name, values) in sections)
        {
            string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
            if (name.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase) && Get("url") is null)
            {
                continue;
            }

            accounts.Add(new Saml2AwsAccount
            {
                Name = name,
                Url = Get("url"),
                Username = Get("username"),
                Provider = Get("provider"),
                Mfa = Get("mfa"),
                RoleArn = Get("role_arn"),
                SessionDuration = int.TryParse(Get("aws_session_duration"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null,
                AwsProfile = Get("aws_profile"),
                Region = Get("region"),
                AwsUrn = Get("aws_urn"),
                BrowserExecutablePath = Get("browser_executable_path"),
                SkipVerify = string.Equals(Get("skip_verify"), "true", StringComparison.OrdinalIgnoreCase),
            });
        }

        return accounts;
    }
}
