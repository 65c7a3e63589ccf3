using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// The IAM Identity Center portal operations Sesame uses (aws-wire-reference §3.3). Thin on
/// purpose: the implementation is the AWS SDK for .NET, created only when a call is needed.
/// </summary>
public interface ISsoPortalClient
{
    /// <summary>
    /// GetRoleCredentials (unsigned; the access token travels in <c>x-amz-sso_bearer_token</c>).
    /// Throws <see cref="AwsServiceException"/>; status 401 means the token is expired or unknown.
    /// </summary>
    Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken);
}
