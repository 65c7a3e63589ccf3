using Sesame.Core.Errors;

namespace Sesame.Core.Aws.Wire;

/// <summary>Where a call goes and the region it is signed for.</summary>
/// <param name="Url">The endpoint's base URL.</param>
/// <param name="SigningRegion">The SigV4 credential scope region.</param>
internal sealed record ResolvedEndpoint(Uri Url, string SigningRegion);

/// <summary>
/// The endpoint rule sets of STS, the IAM Identity Center portal and SSO OIDC
/// (<c>endpoint-rule-set-1.json</c> of each service, the data every AWS SDK generates its resolver
/// from). The three share one shape, differing only in the host's first label:
/// <list type="bullet">
/// <item>a configured endpoint URL is used as is; with FIPS or dual-stack asked for as well it is an error;</item>
/// <item>FIPS and dual-stack: <c>{label}-fips.{region}.{dualStackDnsSuffix}</c>;</item>
/// <item>FIPS: <c>{label}-fips.{region}.{dnsSuffix}</c>, except in <c>aws-us-gov</c>, whose regular endpoints already are FIPS: <c>{label}.{region}.amazonaws.com</c>;</item>
/// <item>dual-stack: <c>{label}.{region}.{dualStackDnsSuffix}</c>;</item>
/// <item>otherwise <c>{label}.{region}.{dnsSuffix}</c>; STS's <c>aws-global</c> is <c>sts.amazonaws.com</c>, signed for us-east-1.</item>
/// </list>
/// The signing region is the region (a configured endpoint is signed for the configured region, else us-east-1).
/// </summary>
internal static class EndpointRules
{
    /// <summary>STS: <c>sts.{region}.{dnsSuffix}</c>. Without a region, the global endpoint signed for us-east-1 (aws-wire-reference §1.5).</summary>
    public static ResolvedEndpoint Sts(AwsEndpoint endpoint)
    {
        if (endpoint.EndpointUrl is null && (endpoint.Region is null or "aws-global") && !endpoint.UseFips && !endpoint.UseDualStack)
        {
            return new ResolvedEndpoint(new Uri("https://sts.amazonaws.com/"), "us-east-1");
        }

        return Resolve("STS", "sts", endpoint with { Region = endpoint.Region ?? "us-east-1" });
    }

    /// <summary>The IAM Identity Center portal: <c>portal.sso.{region}.{dnsSuffix}</c>.</summary>
    public static ResolvedEndpoint SsoPortal(AwsEndpoint endpoint) => Resolve("SSO", "portal.sso", RequireSsoRegion(endpoint));

    /// <summary>SSO OIDC: <c>oidc.{region}.{dnsSuffix}</c>.</summary>
    public static ResolvedEndpoint SsoOidc(AwsEndpoint endpoint) => Resolve("SSO OIDC", "oidc", RequireSsoRegion(endpoint));

    // IAM Identity Center has no global endpoint: without sso_region (or an endpoint URL) there is nothing to call.
    private static AwsEndpoint RequireSsoRegion(AwsEndpoint endpoint)
        => endpoint.Region is null && endpoint.EndpointUrl is null ? throw new InvalidOperationException("IAM Identity Center calls need sso_region") : endpoint;

    private static ResolvedEndpoint Resolve(string service, string label, AwsEndpoint endpoint)
    {
        if (endpoint.EndpointUrl is { } configured)
        {
            if (endpoint.UseFips)
            {
                throw Invalid(service, "FIPS and custom endpoint are not supported", "use_fips_endpoint / AWS_USE_FIPS_ENDPOINT, or the endpoint_url settings");
            }

            if (endpoint.UseDualStack)
            {
                throw Invalid(service, "Dualstack and custom endpoint are not supported", "use_dualstack_endpoint / AWS_USE_DUALSTACK_ENDPOINT, or the endpoint_url settings");
            }

            return new ResolvedEndpoint(Parse(service, configured), endpoint.Region ?? "us-east-1");
        }

        var region = endpoint.Region
            ?? throw new ConfigException($"{service}: no region is set (Invalid Configuration: Missing Region); set region in the profile or AWS_REGION");
        var partition = AwsPartitions.Of(region);
        var host = (endpoint.UseFips, endpoint.UseDualStack) switch
        {
            (true, true) => $"{label}-fips.{region}.{partition.DualStackDnsSuffix}",
            (true, false) when partition.Name == "aws-us-gov" => $"{label}.{region}.amazonaws.com",
            (true, false) => $"{label}-fips.{region}.{partition.DnsSuffix}",
            (false, true) => $"{label}.{region}.{partition.DualStackDnsSuffix}",
            _ => $"{label}.{region}.{partition.DnsSuffix}",
        };
        return new ResolvedEndpoint(Parse(service, "https://" + host + "/"), region);
    }

    private static Uri Parse(string service, string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ConfigException($"{service}: the endpoint '{Platform.TerminalText.Sanitize(url, 300)}' is not an http(s) URL; check region / AWS_REGION and the endpoint_url settings");

    private static ConfigException Invalid(string service, string rule, string settings)
        => new($"{service}: Invalid Configuration: {rule}; turn off one of {settings}");
}
