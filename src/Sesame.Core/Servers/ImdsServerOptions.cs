using System.Net;
using Sesame.Core.Errors;

namespace Sesame.Core.Servers;

/// <summary>Options of <see cref="ImdsCredentialServer"/>.</summary>
public sealed record ImdsServerOptions
{
    /// <summary>The instance metadata address SDKs use by default (aws-wire-reference §6.2).</summary>
    public static readonly IPAddress LinkLocalAddress = IPAddress.Parse("169.254.169.254");

    /// <summary>
    /// The address to listen on: 127.0.0.1 (the default; SDKs are pointed at it with
    /// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>), another loopback address, or
    /// <see cref="LinkLocalAddress"/> when the administrator has added it to the loopback interface
    /// (<c>ip addr add 169.254.169.254/32 dev lo</c>; binding port 80 needs root or
    /// CAP_NET_BIND_SERVICE) so that SDKs find the server without any variable. Nothing else.
    /// </summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 (the default) picks a free one. The link-local alias is normally served on 80.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Answer requests without a session token (IMDSv1). Off by default: IMDSv2's token PUT cannot be
    /// sent by a web page or a simple request-forging bug, which is why AWS recommends requiring it.
    /// </summary>
    public bool AllowImdsV1 { get; init; }

    /// <summary>The role name listed at <c>iam/security-credentials/</c> (IAM role name characters, 1 to 64).</summary>
    public string RoleName { get; init; } = "sesame";

    /// <summary>The region reported in the instance identity document and placement paths, if known.</summary>
    public string? Region { get; init; }

    /// <summary>The instance id reported (the Go SDK v1 probes <c>instance-id</c>).</summary>
    public string InstanceId { get; init; } = "i-5e5a3e00000000000";

    /// <summary>When credentials are fetched again.</summary>
    public ServedCredentialsOptions Refresh { get; init; } = new();

    /// <summary>Throws <see cref="ConfigException"/> for an address or role name that is not allowed.</summary>
    public void Validate()
    {
        var address = Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;
        if (!IPAddress.IsLoopback(address) && !address.Equals(LinkLocalAddress))
        {
            throw new ConfigException($"the instance metadata server listens only on a loopback address or {LinkLocalAddress}, not {Address}");
        }

        if (RoleName.Length is < 1 or > 64 || !RoleName.All(c => char.IsAsciiLetterOrDigit(c) || "+=,.@_-".Contains(c, StringComparison.Ordinal)))
        {
            throw new ConfigException($"'{RoleName}' is not a valid role name for instance metadata (1 to 64 letters, digits and +=,.@_-)");
        }
    }
}
