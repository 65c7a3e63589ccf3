using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Settings;

namespace Sesame.Core.Aws;

/// <summary>
/// Region and endpoint settings for the AWS calls made while resolving a profile, by the AWS CLI v2
/// rules (aws-wire-reference §9.1): region from <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>,
/// then the selected profile's <c>region</c>; endpoints from <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>,
/// then <c>AWS_ENDPOINT_URL</c>, then the profile's <c>[services]</c> section, then the profile's
/// <c>endpoint_url</c>; <c>ignore_configured_endpoint_urls</c> (variable or profile key) turns all
/// four off. The settings of the selected profile apply to every call of its chain, as in botocore.
/// Every value is validated where it is read (<see cref="SettingsSource"/>): a region botocore would
/// refuse, or an endpoint that is not an http(s) URL, is a configuration error naming the setting.
/// </summary>
public sealed class AwsSettings
{
    private readonly SettingsSource _source;
    private readonly ProfileSet _profiles;

    /// <summary>Creates the settings for a selected profile (or none, for the default chain without a profile).</summary>
    public AwsSettings(IEnvironment environment, ProfileSet profiles, ConfigSection? profile)
        : this(new SettingsSource(environment, profile), profiles)
    {
    }

    /// <summary>Creates the settings over a source.</summary>
    public AwsSettings(SettingsSource source, ProfileSet profiles)
    {
        _source = source;
        _profiles = profiles;
    }

    /// <summary>The region, or <c>null</c> when nothing sets one.</summary>
    public string? Region => _source.Region(SettingCatalog.Region) ?? _source.Region(SettingCatalog.DefaultRegion);

    /// <summary>True when FIPS endpoints are asked for (<c>AWS_USE_FIPS_ENDPOINT</c> or <c>use_fips_endpoint</c>).</summary>
    public bool UseFips => _source.AwsFlag(SettingCatalog.UseFips);

    /// <summary>True when dual-stack endpoints are asked for (<c>AWS_USE_DUALSTACK_ENDPOINT</c> or <c>use_dualstack_endpoint</c>).</summary>
    public bool UseDualStack => _source.AwsFlag(SettingCatalog.UseDualStack);

    /// <summary>The endpoint settings for a service.</summary>
    public AwsEndpoint EndpointFor(AwsService service) => new(Region, ConfiguredEndpoint(service), UseFips, UseDualStack);

    /// <summary>The configured endpoint URL for a service, or <c>null</c> for the AWS default.</summary>
    public string? ConfiguredEndpoint(AwsService service)
    {
        if (_source.AwsFlag(SettingCatalog.IgnoreConfiguredEndpointUrls))
        {
            return null;
        }

        var fromEnvironment = _source.Url(SettingCatalog.ServiceEndpointUrl(service.EnvironmentSuffix)) ?? _source.Url(SettingCatalog.EndpointUrl);
        if (fromEnvironment is not null)
        {
            return fromEnvironment.OriginalString;
        }

        if (_source.Profile?.Get(Keys.Services) is { } servicesName
            && _profiles.GetServices(servicesName.Value)?.Get(service.ServicesKey) is { } serviceValue
            && serviceValue.GetSubProperty(Keys.EndpointUrl) is { } fromServices
            && !string.IsNullOrWhiteSpace(fromServices))
        {
            var value = new SettingValue(fromServices.Trim(' ', '\t'), new SettingOrigin($"[services {servicesName.Value}] {service.ServicesKey}.{Keys.EndpointUrl}", serviceValue.Location));
            return SettingParsers.TryParseUrl(value.Text, out var url)
                ? url.OriginalString
                : throw SettingsSource.Invalid(value, SettingsSource.UrlProblem);
        }

        return _source.Url(SettingCatalog.ProfileEndpointUrl)?.OriginalString;
    }

    /// <summary>The endpoint and signing region of a service reached by Sesame's own Query-API client (IAM, STS for key rotation).</summary>
    public QueryEndpoint QueryEndpointFor(AwsService service)
    {
        var region = Region ?? "us-east-1";
        var configured = ConfiguredEndpoint(service);
        if (service == AwsService.Iam)
        {
            // IAM is global: one endpoint per partition, signed for us-east-1 in the aws partition.
            return new(new Uri(configured ?? "https://iam.amazonaws.com/"), "us-east-1");
        }

        return new(new Uri(configured ?? $"https://{service.ServicesKey}.{region}.amazonaws.com/"), region);
    }
}
