using System.Globalization;
using Sesame.Core.Config;

namespace Sesame.Core.Saml.Migration;

/// <summary>
/// A profile written by aws-adfs (venth/aws-adfs <c>login.py</c>, <c>prepare.py</c>): <c>adfs_config.adfs_host</c>,
/// <c>adfs_config.adfs_user</c>, <c>adfs_config.role_arn</c>, <c>adfs_config.provider_id</c>,
/// <c>adfs_config.session_duration</c>, <c>adfs_config.sspi</c>, <c>adfs_config.ssl_verification</c>, and static
/// keys in the credentials file that aws-adfs rewrites on every login. Read so <c>explain</c>/<c>doctor</c> can
/// recognise it and <c>configure saml --from-aws-adfs</c> can convert it.
/// </summary>
public sealed record AwsAdfsProfile
{
    /// <summary>The key prefix aws-adfs uses in the profile.</summary>
    public const string KeyPrefix = Keys.AwsAdfsPrefix;

    /// <summary>The profile name.</summary>
    public required string Profile { get; init; }

    /// <summary>The AD FS host name (<c>adfs_config.adfs_host</c>).</summary>
    public string? AdfsHost { get; init; }

    /// <summary>The user (<c>adfs_config.adfs_user</c>).</summary>
    public string? Username { get; init; }

    /// <summary>The role (<c>adfs_config.role_arn</c>).</summary>
    public string? RoleArn { get; init; }

    /// <summary>The relying party (<c>adfs_config.provider_id</c>; aws-adfs's default is <c>urn:amazon:webservices</c>).</summary>
    public string? RelyingParty { get; init; }

    /// <summary>The session duration in seconds (<c>adfs_config.session_duration</c>).</summary>
    public int? SessionDuration { get; init; }

    /// <summary>True when aws-adfs used SSPI/Kerberos (<c>adfs_config.sspi = True</c>).</summary>
    public bool Sspi { get; init; }

    /// <summary>False when aws-adfs skipped TLS verification (Sesame never does; reported by <c>explain</c>).</summary>
    public bool SslVerification { get; init; } = true;

    /// <summary>The profile's region.</summary>
    public string? Region { get; init; }

    /// <summary>True when the section has any <c>adfs_config.*</c> key.</summary>
    public static bool IsAwsAdfs(ConfigSection section) => section.Values.Any(v => v.Key.StartsWith(KeyPrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the aws-adfs settings of a section, or <c>null</c> when it has none.</summary>
    public static AwsAdfsProfile? TryRead(ConfigSection section)
    {
        if (!IsAwsAdfs(section))
        {
            return null;
        }

        string? Get(string name) => section.GetString(KeyPrefix + name) is { } v && !string.IsNullOrWhiteSpace(v) && v.Trim() != "None" ? v.Trim() : null;
        return new AwsAdfsProfile
        {
            Profile = section.Name,
            AdfsHost = Get("adfs_host"),
            Username = Get("adfs_user"),
            RoleArn = Get("role_arn"),
            RelyingParty = Get("provider_id"),
            SessionDuration = int.TryParse(Get("session_duration"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null,
            // aws-adfs writes Python booleans (True/False).
            Sspi = string.Equals(Get("sspi"), "True", StringComparison.OrdinalIgnoreCase),
            SslVerification = !string.Equals(Get("ssl_verification"), "False", StringComparison.OrdinalIgnoreCase),
            Region = section.GetString(Keys.Region)?.Trim(),
        };
    }

    /// <summary>The Sesame keys (<see cref="SamlKeys"/>) that express the same sign-in, in the order to write them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToSamlKeys()
    {
        var keys = new List<KeyValuePair<string, string>>();
        if (AdfsHost is not null)
        {
            keys.Add(new(SamlKeys.Url, "https://" + AdfsHost));
        }

        Add(keys, SamlKeys.Username, Username);
        Add(keys, SamlKeys.RoleArn, RoleArn);
        if (RelyingParty is not null && RelyingParty != Adfs.AdfsUrls.AwsRelyingParty)
        {
            keys.Add(new(SamlKeys.RelyingParty, RelyingParty));
        }

        Add(keys, SamlKeys.Duration, SessionDuration?.ToString(CultureInfo.InvariantCulture));
        if (Sspi)
        {
            keys.Add(new(SamlKeys.Authentication, "iwa"));
        }

        return keys;
    }

    internal static void Add(List<KeyValuePair<string, string>> keys, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            keys.Add(new(key, value));
        }
    }
}
