using Sesame.Core.Config;
using Sesame.Core.Platform;

namespace Sesame.Core.Aws;

/// <summary>
/// Region and endpoint settings for the AWS calls made while resolving a profile, by the AWS CLI v2
/// rules (aws-wire-reference §9.1): region from <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>,
/// then the selected profile's <c>region</c>; endpoints from <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>,
/// then <c>AWS_ENDPOINT_URL</c>, then the profile's <c>[services]</c> section, then the profile's
/// <c>endpoint_url</c>; <c>ignore_configured_endpoint_urls</c> (variable or profile key) turns all
/// four off. The settings of the selected profile apply to every call of its chain, as in botocore.
/// </summary>
public sealed class AwsSettings
{
    private readonly IEnvironment _environment;
    private readonly ProfileSet _profiles;
    private readonly ConfigSection? _profile;

    /// <summary>Creates the settings for a selected profile (or none, for the default chain without a profile).</summary>
    public AwsSettings(IEnvironment environment, ProfileSet profiles, ConfigSection? profile)
    {
        _environment = environment;
        _profiles = profiles;
        _profile = profile;
    }

    /// <summary>The region, or <c>null</c> when nothing sets one.</summary>
    public string? Region
        => _environment.GetNonBlank("AWS_REGION") ?? _environment.GetNonBlank("AWS_DEFAULT_REGION") ?? NonBlank(_profile?.GetString(Keys.Region));

    /// <summary>True when FIPS endpoints are asked for (<c>AWS_USE_FIPS_ENDPOINT</c> or <c>use_fips_endpoint</c>).</summary>
    public bool UseFips => Flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");

    /// <summary>True when dual-stack endpoints are asked for (<c>AWS_USE_DUALSTACK_ENDPOINT</c> or <c>use_dualstack_endpoint</c>).</summary>
    public bool UseDualStack => Flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");

    /// <summary>The endpoint settings for a service.</summary>
    public AwsEndpoint EndpointFor(AwsService service) => new(Region, ConfiguredEndpoint(service), UseFips, UseDualStack);

    /// <summary>The configured endpoint URL for a service, or <c>null</c> for the AWS default.</summary>
    public string? ConfiguredEndpoint(AwsService service)
    {
        if (Flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", Keys.IgnoreConfiguredEndpointUrls))
        {
            return null;
        }

        var fromEnvironment = _environment.GetNonBlank("AWS_ENDPOINT_URL_" + service.EnvironmentSuffix)
            ?? _environment.GetNonBlank("AWS_ENDPOINT_URL");
        if (fromEnvironment is not null)
        {
            return fromEnvironment;
        }

        if (_profile?.GetString(Keys.Services) is { } servicesName
            && _profiles.GetServices(servicesName)?.Get(service.ServicesKey)?.GetSubProperty(Keys.EndpointUrl) is { } fromServices)
        {
            return fromServices;
        }

        return NonBlank(_profile?.GetString(Keys.EndpointUrl));
    }

    private bool Flag(string variable, string key)
    {
        var value = _environment.GetNonBlank(variable) ?? _profile?.GetString(key);
        return string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
