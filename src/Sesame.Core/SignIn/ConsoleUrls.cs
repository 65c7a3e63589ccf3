using Sesame.Core.Aws;
using Sesame.Core.Errors;

namespace Sesame.Core.SignIn;

/// <summary>
/// The URLs of console sign-in (aws-wire-reference §7): the federation endpoint, the console page to
/// land on, and the final <c>Action=login</c> URL.
/// </summary>
public static class ConsoleUrls
{
    /// <summary>The path of the federation endpoint on a sign-in host.</summary>
    public const string FederationPath = "/federation";

    /// <summary>
    /// The federation endpoint: the configured <c>Signin</c> endpoint when there is one
    /// (<c>AWS_ENDPOINT_URL_SIGNIN</c>, <c>AWS_ENDPOINT_URL</c>, the profile's <c>[services]</c> or
    /// <c>endpoint_url</c>, by the usual precedence) with <c>/federation</c> added to a bare host, else
    /// the region's partition's sign-in host.
    /// </summary>
    public static Uri FederationEndpoint(AwsSettings settings, string? region)
        => FederationEndpoint(settings.ConfiguredEndpoint(AwsService.Signin), region ?? settings.Region);

    /// <summary>The federation endpoint from an explicit endpoint setting (or <c>null</c>) and a region.</summary>
    public static Uri FederationEndpoint(string? configured, string? region)
    {
        if (configured is null)
        {
            return new Uri($"https://{AwsPartition.ForRegion(region).SigninHost}{FederationPath}");
        }

        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            throw new ConfigException($"AWS_ENDPOINT_URL_SIGNIN / endpoint_url '{configured.Trim()}' is not an http or https URL");
        }

        // AWS_ENDPOINT_URL_<SERVICE> names a host; the operation's path goes after it, as for every service.
        var path = uri.AbsolutePath.TrimEnd('/');
        return path.EndsWith(FederationPath, StringComparison.Ordinal)
            ? new Uri(uri.GetLeftPart(UriPartial.Path))
            : new Uri(uri.GetLeftPart(UriPartial.Authority) + path + FederationPath);
    }

    /// <summary>
    /// The console page to open: <paramref name="destination"/> as given (an absolute http(s) URL), else
    /// <paramref name="service"/>'s page (<c>ec2</c> → <c>/ec2/home</c>) or the console home, in
    /// <paramref name="region"/> when one is known. The commercial partition has regional console hosts
    /// (<c>https://eu-west-1.console.aws.amazon.com/…</c>); China and GovCloud name the region in the query only.
    /// </summary>
    public static string Destination(string? region, string? service, string? destination)
    {
        if (destination is not null)
        {
            if (service is not null)
            {
                throw new ConfigException("give either a service or a destination URL, not both");
            }

            if (!Uri.TryCreate(destination.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ConfigException($"the destination '{destination.Trim()}' is not an absolute https URL");
            }

            return uri.AbsoluteUri;
        }

        region = string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToLowerInvariant();
        if (region is not null && !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ConfigException($"'{region}' is not a region name");
        }

        var page = service is null ? null : ServicePath(service);
        var partition = AwsPartition.ForRegion(region);
        var host = region is not null && partition == AwsPartition.Aws ? $"{region}.{partition.ConsoleHost}" : partition.ConsoleHost;
        return (page, region) switch
        {
            (null, null) => $"https://{host}/",
            (null, _) => $"https://{host}/console/home?region={region}",
            (_, null) => $"https://{host}/{page}/home",
            _ => $"https://{host}/{page}/home?region={region}",
        };
    }

    /// <summary>The <c>Action=login</c> URL that signs the browser in (valid for 15 minutes, once).</summary>
    public static Uri LoginUrl(Uri federationEndpoint, string issuer, string destination, string signinToken)
        => new($"{federationEndpoint.GetLeftPart(UriPartial.Path)}?Action=login&Issuer={Uri.EscapeDataString(issuer)}&Destination={Uri.EscapeDataString(destination)}&SigninToken={Uri.EscapeDataString(signinToken)}");

    private static string ServicePath(string service)
    {
        var trimmed = service.Trim().Trim('/').ToLowerInvariant();
        var segments = trimmed.Split('/');
        if (trimmed.Length == 0 || segments.Any(s => s.Length == 0 || !char.IsAsciiLetterOrDigit(s[0]) || !s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ConfigException($"'{service}' is not a console service name (such as ec2, s3 or cloudwatch)");
        }

        return trimmed;
    }
}
