using System.Net;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Providers;

/// <summary>
/// Which URL the container provider calls (botocore ContainerProvider, smithy-rs ecs-tests.json):
/// <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> wins and is appended to <c>http://169.254.170.2</c>
/// (the ECS agent); otherwise <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>, which may be https to any
/// host but plain http only to a loopback address, <c>localhost</c>, the ECS agent
/// (169.254.170.2) or EKS Pod Identity (169.254.170.23, fd00:ec2::23) — so credentials never
/// travel in clear text off the machine or task.
/// </summary>
public static class ContainerEndpoint
{
    /// <summary>The variable with a path on the ECS agent.</summary>
    public const string RelativeUriVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";

    /// <summary>The variable with a full URL.</summary>
    public const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private const string EcsAgent = "http://169.254.170.2";

    private static readonly IPAddress[] AllowedHttpAddresses =
    [
        IPAddress.Parse("169.254.170.2"),
        IPAddress.Parse("169.254.170.23"),
        IPAddress.Parse("fd00:ec2::23"),
    ];

    /// <summary>
    /// The URL to call. Throws <see cref="CredentialsNotFoundException"/> when neither variable is
    /// set and <see cref="ConfigException"/> when the value is not allowed.
    /// </summary>
    public static Uri Resolve(IEnvironment environment)
    {
        if (environment.GetNonBlank(RelativeUriVariable) is { } relative)
        {
            relative = relative.Trim();
            if (!relative.StartsWith('/') || !Uri.TryCreate(EcsAgent + relative, UriKind.Absolute, out var agent))
            {
                throw new ConfigException($"{RelativeUriVariable} '{relative}' is not a path (it must start with '/')");
            }

            return agent;
        }

        if (environment.GetNonBlank(FullUriVariable) is not { } full)
        {
            throw new CredentialsNotFoundException($"{RelativeUriVariable} and {FullUriVariable} are not set");
        }

        full = full.Trim();
        if (!Uri.TryCreate(full, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new ConfigException($"{FullUriVariable} '{full}' is not an http or https URL with a host");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsAllowedHttpHost(uri))
        {
            throw new ConfigException(
                $"{FullUriVariable} '{full}': plain http is allowed only to loopback addresses, localhost, 169.254.170.2, 169.254.170.23 and fd00:ec2::23; use https for host '{uri.Host}'");
        }

        return uri;
    }

    private static bool IsAllowedHttpHost(Uri uri)
    {
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            address.ScopeId = 0;
        }

        return IPAddress.IsLoopback(address) || Array.Exists(AllowedHttpAddresses, a => a.Equals(address));
    }
}
