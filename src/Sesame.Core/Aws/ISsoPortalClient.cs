using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// The IAM Identity Center portal operations Sesame uses (aws-wire-reference §3.3). Thin on
/// purpose: the implementation (<see cref="SsoClientFactory"/>) is created only when a call is needed.
/// Every operation sends the access token in <c>x-amz-sso_bearer_token</c>, unsigned, and throws
/// <see cref="AwsServiceException"/>: 401 means the token is expired or unknown, 429
/// (<c>TooManyRequestsException</c>) means slow down.
/// </summary>
public interface ISsoPortalClient
{
    /// <summary>GetRoleCredentials for one account and role.</summary>
    Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken);

    /// <summary>One page of ListAccounts (<paramref name="maxResults"/> 1–100; <paramref name="nextToken"/> from the previous page).</summary>
    Task<SsoPage<SsoAccountInfo>> ListAccountsAsync(string accessToken, string? nextToken, int maxResults, CancellationToken cancellationToken)
        => throw new NotSupportedException("this portal client cannot list accounts");

    /// <summary>One page of ListAccountRoles for an account.</summary>
    Task<SsoPage<SsoRoleInfo>> ListAccountRolesAsync(string accessToken, string accountId, string? nextToken, int maxResults, CancellationToken cancellationToken)
        => throw new NotSupportedException("this portal client cannot list roles");

    /// <summary>Logout: ends the session the access token belongs to.</summary>
    Task LogoutAsync(string accessToken, CancellationToken cancellationToken)
        => throw new NotSupportedException("this portal client cannot log out");
}

/// <summary>One page of a portal listing.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="NextToken">The token for the next page, or <c>null</c> on the last page.</param>
public sealed record SsoPage<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>An account the user can reach through IAM Identity Center.</summary>
/// <param name="AccountId">The 12-digit account id.</param>
/// <param name="AccountName">Its name.</param>
/// <param name="EmailAddress">Its e-mail address, when given.</param>
public sealed record SsoAccountInfo(string AccountId, string AccountName, string? EmailAddress);

/// <summary>A role (permission set) the user may use in an account.</summary>
/// <param name="AccountId">The account id.</param>
/// <param name="RoleName">The role (permission set) name.</param>
public sealed record SsoRoleInfo(string AccountId, string RoleName);
