using Amazon;
using Amazon.Runtime;
using Amazon.SSOOIDC;
using Amazon.SSOOIDC.Model;

namespace Sesame.Core.Aws;

/// <summary>
/// <see cref="ISsoOidcClient"/> over AWSSDK.SSOOIDC. The operations are unsigned (the model marks
/// them <c>noAuth</c>); the region is <c>sso_region</c>; an explicit endpoint
/// (<c>AWS_ENDPOINT_URL_SSO_OIDC</c>, <c>AWS_ENDPOINT_URL</c>, <c>[services]</c> <c>sso_oidc</c>,
/// <c>endpoint_url</c>) is used as is, otherwise the SDK's rules choose <c>oidc.{region}.amazonaws.com</c>.
/// </summary>
internal sealed class SdkSsoOidcClient : ISsoOidcClient, IDisposable
{
    private readonly AwsEndpoint _endpoint;
    private readonly AmazonSSOOIDCClient _client;

    public SdkSsoOidcClient(AwsEndpoint endpoint, AwsHttpOptions http)
    {
        _endpoint = endpoint;
        var config = SdkCalls.NewConfig<AmazonSSOOIDCConfig>();
        SdkCalls.Configure(config, endpoint, http);
        var region = endpoint.Region ?? throw new InvalidOperationException("IAM Identity Center calls need sso_region");
        if (endpoint.EndpointUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        _client = new AmazonSSOOIDCClient(new AnonymousAWSCredentials(), config);
    }

    public string EndpointUrl
    {
        get
        {
            // botocore resolves the endpoint of a (never sent) RegisterClient and takes scheme and host.
            var resolved = _client.DetermineServiceOperationEndpoint(new RegisterClientRequest { ClientName = "x", ClientType = "public" });
            return resolved.URL.TrimEnd('/');
        }
    }

    public Task<OidcClientRegistration> RegisterClientAsync(OidcRegisterRequest request, CancellationToken cancellationToken)
        => SdkCalls.CallAsync("SSO OIDC", "RegisterClient", _endpoint.EndpointUrl, async () =>
        {
            var sdkRequest = new RegisterClientRequest { ClientName = request.ClientName, ClientType = "public" };
            if (request.Scopes.Count > 0)
            {
                sdkRequest.Scopes = [.. request.Scopes];
            }

            if (request.GrantTypes.Count > 0)
            {
                sdkRequest.GrantTypes = [.. request.GrantTypes];
            }

            if (request.RedirectUris.Count > 0)
            {
                sdkRequest.RedirectUris = [.. request.RedirectUris];
            }

            if (request.IssuerUrl is { } issuer)
            {
                sdkRequest.IssuerUrl = issuer;
            }

            var response = await _client.RegisterClientAsync(sdkRequest, cancellationToken).ConfigureAwait(false);
            return new OidcClientRegistration(
                response.ClientId,
                response.ClientSecret,
                DateTimeOffset.FromUnixTimeSeconds(response.ClientSecretExpiresAt ?? 0));
        });

    public Task<OidcDeviceAuthorization> StartDeviceAuthorizationAsync(string clientId, string clientSecret, string startUrl, CancellationToken cancellationToken)
        => SdkCalls.CallAsync("SSO OIDC", "StartDeviceAuthorization", _endpoint.EndpointUrl, async () =>
        {
            var response = await _client.StartDeviceAuthorizationAsync(
                new StartDeviceAuthorizationRequest { ClientId = clientId, ClientSecret = clientSecret, StartUrl = startUrl },
                cancellationToken).ConfigureAwait(false);
            // The code and the URLs are printed on the terminal: remote text, made printable.
            return new OidcDeviceAuthorization(
                response.DeviceCode,
                Platform.TerminalText.Sanitize(response.UserCode, 100)!,
                Platform.TerminalText.Sanitize(response.VerificationUri, 2000)!,
                Platform.TerminalText.Sanitize(response.VerificationUriComplete, 2000)!,
                TimeSpan.FromSeconds(response.ExpiresIn ?? 600),
                response.Interval is { } interval and > 0 ? TimeSpan.FromSeconds(interval) : null);
        });

    public Task<OidcTokenResult> CreateTokenAsync(OidcTokenRequest request, CancellationToken cancellationToken)
        => SdkCalls.CallAsync("SSO OIDC", "CreateToken", _endpoint.EndpointUrl, async () =>
        {
            var response = await _client.CreateTokenAsync(
                new CreateTokenRequest
                {
                    ClientId = request.ClientId,
                    ClientSecret = request.ClientSecret,
                    GrantType = request.GrantType,
                    DeviceCode = request.DeviceCode,
                    Code = request.Code,
                    RedirectUri = request.RedirectUri,
                    CodeVerifier = request.CodeVerifier,
                    RefreshToken = request.RefreshToken,
                },
                cancellationToken).ConfigureAwait(false);
            return new OidcTokenResult(
                response.AccessToken,
                TimeSpan.FromSeconds(response.ExpiresIn ?? 0),
                string.IsNullOrEmpty(response.RefreshToken) ? null : response.RefreshToken);
        });

    public void Dispose() => _client.Dispose();
}
