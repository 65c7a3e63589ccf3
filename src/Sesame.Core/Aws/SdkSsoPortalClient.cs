using Amazon;
using Amazon.Runtime;
using Amazon.SSO;
using Amazon.SSO.Model;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// <see cref="ISsoPortalClient"/> over AWSSDK.SSO. The region is <c>sso_region</c>; an explicit
/// endpoint (<c>AWS_ENDPOINT_URL_SSO</c>, <c>AWS_ENDPOINT_URL</c>, <c>[services]</c>,
/// <c>endpoint_url</c>) is used as is, otherwise the SDK's endpoint rules choose
/// <c>portal.sso.{region}.amazonaws.com</c> (FIPS / dual-stack variants when asked). One SDK client
/// serves every call of an instance (populate makes thousands).
/// </summary>
internal sealed class SdkSsoPortalClient : ISsoPortalClient, IDisposable
{
    private readonly AwsEndpoint _endpoint;
    private readonly AwsHttpOptions _http;
    private AmazonSSOClient? _client;

    public SdkSsoPortalClient(AwsEndpoint endpoint, AwsHttpOptions http)
    {
        _endpoint = endpoint;
        _http = http;
    }

    private AmazonSSOClient Client => _client ??= new AmazonSSOClient(new AnonymousAWSCredentials(), Config());

    public Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
        => SdkCalls.CallAsync("SSO", "GetRoleCredentials", _endpoint.EndpointUrl, async () =>
        {
            var response = await Client.GetRoleCredentialsAsync(
                new GetRoleCredentialsRequest { AccessToken = accessToken, AccountId = accountId, RoleName = roleName },
                cancellationToken).ConfigureAwait(false);
            var role = response.RoleCredentials
                ?? throw new AwsServiceException("SSO", "GetRoleCredentials", null, "the answer has no roleCredentials", 200, retryable: false);

            // The portal sends the expiry in epoch milliseconds.
            return new AwsCredentials(
                role.AccessKeyId,
                role.SecretAccessKey,
                role.SessionToken,
                role.Expiration is { } milliseconds and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null,
                accountId);
        });

    public Task<SsoPage<SsoAccountInfo>> ListAccountsAsync(string accessToken, string? nextToken, int maxResults, CancellationToken cancellationToken)
        => SdkCalls.CallAsync("SSO", "ListAccounts", _endpoint.EndpointUrl, async () =>
        {
            var response = await Client.ListAccountsAsync(
                new ListAccountsRequest { AccessToken = accessToken, NextToken = nextToken, MaxResults = maxResults },
                cancellationToken).ConfigureAwait(false);
            var items = (response.AccountList ?? []).Select(a => new SsoAccountInfo(a.AccountId, Platform.TerminalText.Sanitize(a.AccountName, 300) ?? a.AccountId, Platform.TerminalText.Sanitize(a.EmailAddress, 300))).ToList();
            return new SsoPage<SsoAccountInfo>(items, string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
        });

    public Task<SsoPage<SsoRoleInfo>> ListAccountRolesAsync(string accessToken, string accountId, string? nextToken, int maxResults, CancellationToken cancellationToken)
        => SdkCalls.CallAsync("SSO", "ListAccountRoles", _endpoint.EndpointUrl, async () =>
        {
            var response = await Client.ListAccountRolesAsync(
                new ListAccountRolesRequest { AccessToken = accessToken, AccountId = accountId, NextToken = nextToken, MaxResults = maxResults },
                cancellationToken).ConfigureAwait(false);
            var items = (response.RoleList ?? []).Select(r => new SsoRoleInfo(r.AccountId ?? accountId, r.RoleName)).ToList();
            return new SsoPage<SsoRoleInfo>(items, string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
        });

    public Task LogoutAsync(string accessToken, CancellationToken cancellationToken)
        => SdkCalls.CallAsync("SSO", "Logout", _endpoint.EndpointUrl, async () =>
        {
            await Client.LogoutAsync(new LogoutRequest { AccessToken = accessToken }, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public void Dispose() => _client?.Dispose();

    private AmazonSSOConfig Config()
    {
        var config = SdkCalls.NewConfig<AmazonSSOConfig>();
        SdkCalls.Configure(config, _endpoint, _http);
        var region = _endpoint.Region ?? throw new InvalidOperationException("IAM Identity Center calls need sso_region");
        if (_endpoint.EndpointUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }
}
