using Sesame.Sandbox.Hosting;

namespace Sesame.Sandbox.Metadata;

/// <summary>One call to the instance-metadata or container-credentials endpoint.</summary>
/// <param name="Time">When (sandbox clock).</param>
/// <param name="Action">
/// <c>PutToken</c>, <c>ListRoles</c>, <c>GetRoleCredentials</c>, <c>GetMetadata</c> (IMDS) or <c>GetContainerCredentials</c>.
/// </param>
/// <param name="Path">The request path.</param>
/// <param name="WithToken">IMDS: whether the call carried a session token (IMDSv2).</param>
/// <param name="Status">HTTP status answered.</param>
public sealed record MetadataCall(DateTimeOffset Time, string Action, string Path, bool WithToken, int Status) : IRecordedCall
{
    /// <inheritdoc />
    public string Describe() => $"{Action} {Path}{(WithToken ? " (token)" : string.Empty)} -> {Status}";
}
