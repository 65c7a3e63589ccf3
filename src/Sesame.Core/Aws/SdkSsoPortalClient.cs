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
/// <c>portal.sso.{region}.amazonaws.com</c> (FIPS / dual-stack variants when asked).
/// </summary>
internal sealed class SdkSsoPortalClient : ISsoPortalClient
{
    private readonly AwsEndpoint _endpoint;
    private readonly AwsHttpOptions _http;

    public SdkSsoPortalClient(AwsEndpoint endpoint, AwsHttpOptions http)
    {
        _endpoint = endpoint;
        _http = http;
    }

    public async Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
    {
        using var client = new AmazonSSOClient(new AnonymousAWSCredentials(), Config());
        return await SdkCalls.CallAsync("SSO", "GetRoleCredentials", _endpoint.EndpointUrl, async () =>
        {
            var response = await client.GetRoleCredentialsAsync(
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
        }).ConfigureAwait(false);
    }

    private AmazonSSOConfig Config()
    {
        var config = new AmazonSSOConfig();
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
