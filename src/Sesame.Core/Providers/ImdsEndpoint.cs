using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Settings;

namespace Sesame.Core.Providers;

/// <summary>
/// The EC2 instance metadata endpoint (smithy-rs imds-endpoint-tests.json, botocore
/// IMDSFetcher): a programmatic override, then <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, then the
/// profile's <c>ec2_metadata_service_endpoint</c>; otherwise the endpoint mode (a programmatic
/// override, then <c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE</c>, then the profile's
/// <c>ec2_metadata_service_endpoint_mode</c>) picks <c>http://169.254.169.254</c> (IPv4, the
/// default) or <c>http://[fd00:ec2::254]</c> (IPv6). The mode is case-insensitive; an unknown mode
/// or an endpoint that is not an http(s) URL is a configuration error.
/// </summary>
public static class ImdsEndpoint
{
    /// <summary>The IPv4 endpoint.</summary>
    public const string Ipv4 = "http://169.254.169.254";

    /// <summary>The IPv6 endpoint.</summary>
    public const string Ipv6 = "http://[fd00:ec2::254]";

    /// <summary>The variable with an explicit endpoint.</summary>
    public const string EndpointVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT";

    /// <summary>The variable with the endpoint mode.</summary>
    public const string ModeVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";

    /// <summary>The profile key with an explicit endpoint.</summary>
    public const string EndpointKey = "ec2_metadata_service_endpoint";

    /// <summary>The profile key with the endpoint mode.</summary>
    public const string ModeKey = "ec2_metadata_service_endpoint_mode";

    /// <summary>Resolves the endpoint (without a path).</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="profile">The selected profile, if any.</param>
    /// <param name="endpointOverride">An endpoint set in code, which beats everything.</param>
    /// <param name="modeOverride">A mode set in code, which beats the configured modes (not the configured endpoints).</param>
    public static Uri Resolve(IEnvironment environment, ConfigSection? profile, string? endpointOverride = null, string? modeOverride = null)
    {
        if (endpointOverride is not null)
        {
            return SettingParsers.TryParseUrl(endpointOverride, out var overridden)
                ? overridden
                : throw new ConfigException($"the endpoint override '{endpointOverride.Trim()}' is not a valid URI (not http/https with a host)");
        }

        var source = new SettingsSource(environment, profile);
        if (source.Url(SettingCatalog.ImdsEndpoint) is { } configured)
        {
            return configured;
        }

        var mode = modeOverride is null ? source.Get(SettingCatalog.ImdsEndpointMode) : new SettingValue(modeOverride.Trim(), new SettingOrigin("the endpoint mode override", null));
        switch (mode?.Text.ToUpperInvariant())
        {
            case null or "IPV4":
                return new Uri(Ipv4);
            case "IPV6":
                return new Uri(Ipv6);
            default:
                // The cross-SDK suite expects the mode in backquotes.
                var message = $"{mode.Origin.Name}: `{mode.Text}` is not a valid endpoint mode for instance metadata; use IPv4 or IPv6";
                throw mode.Origin.Location is { } at ? new ConfigException(message, at.File, at.Line) : new ConfigException(message);
        }
    }

    /// <summary>
    /// A path under the endpoint, joined as botocore does (one '/' between them, so an endpoint
    /// with a path prefix keeps it).
    /// </summary>
    public static Uri Combine(Uri endpoint, string path)
    {
        var text = endpoint.OriginalString;
        return new Uri(text.EndsWith('/') ? text + path : text + "/" + path);
    }
}
