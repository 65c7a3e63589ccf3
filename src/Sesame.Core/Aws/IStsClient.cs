using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// The STS operations Sesame uses. Thin on purpose: the implementation (<see cref="StsClientFactory"/>,
/// Sesame's own Query-API client) is created only when a call is needed, so the cached path never builds it.
/// </summary>
public interface IStsClient
{
    /// <summary>AssumeRole, signed with <paramref name="caller"/>.</summary>
    Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken);

    /// <summary>GetSessionToken, signed with long-term <paramref name="caller"/> keys.</summary>
    Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken);

    /// <summary>AssumeRoleWithWebIdentity (unsigned).</summary>
    Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken);

    /// <summary>
    /// AssumeRoleWithSAML (unsigned): <paramref name="samlAssertion"/> is the base64 SAMLResponse exactly as the
    /// IdP posted it. Implementations that cannot call it (test doubles written before SAML) throw
    /// <see cref="NotSupportedException"/>.
    /// </summary>
    Task<StsResult> AssumeRoleWithSamlAsync(string roleArn, string principalArn, string samlAssertion, int? durationSeconds, CancellationToken cancellationToken)
        => throw new NotSupportedException("this STS client does not implement AssumeRoleWithSAML");

    /// <summary>GetCallerIdentity, signed with <paramref name="caller"/>.</summary>
    Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken);

    /// <summary>
    /// GetFederationToken, signed with long-term IAM user <paramref name="caller"/> keys (STS refuses
    /// session credentials). The result's <see cref="StsResult.AssumedRoleArn"/> is the federated
    /// user's ARN. Implementations that do not support it throw <see cref="NotSupportedException"/>.
    /// </summary>
    Task<StsResult> GetFederationTokenAsync(AwsCredentials caller, string name, string? policy, int? durationSeconds, CancellationToken cancellationToken)
        => throw new NotSupportedException("this STS client does not implement GetFederationToken");
}

/// <summary>Creates STS clients for an endpoint.</summary>
public interface IStsClientFactory
{
    /// <summary>A client that calls STS at <paramref name="endpoint"/>.</summary>
    IStsClient Create(AwsEndpoint endpoint);
}

/// <summary>AssumeRole parameters.</summary>
public sealed record AssumeRoleRequest(
    string RoleArn,
    string RoleSessionName,
    string? ExternalId = null,
    int? DurationSeconds = null,
    string? SerialNumber = null,
    string? TokenCode = null);

/// <summary>Credentials returned by STS, with the assumed-role ARN when there is one.</summary>
public sealed record StsResult(AwsCredentials Credentials, string? AssumedRoleArn);

/// <summary>GetCallerIdentity's answer.</summary>
public sealed record CallerIdentity(string Account, string Arn, string UserId);
