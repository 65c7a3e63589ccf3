using Sesame.Core.Aws.Wire;

namespace Sesame.Core.Aws;

/// <summary>
/// <see cref="ISsoOidcClient"/> over IAM Identity Center OIDC's REST-JSON API (aws-wire-reference
/// §3.2), Sesame's own. The operations are unsigned; the region is <c>sso_region</c>; a configured
/// endpoint (<c>AWS_ENDPOINT_URL_SSO_OIDC</c>, <c>AWS_ENDPOINT_URL</c>, <c>[services]</c>
/// <c>sso_oidc</c>, <c>endpoint_url</c>) is used as is, otherwise the OIDC endpoint rules
/// (<see cref="EndpointRules.SsoOidc"/>: <c>oidc.{region}.amazonaws.com</c>, FIPS and dual-stack
/// variants, partitions). Request members are written in the service model's order.
/// </summary>
internal sealed class SsoOidcClient : ISsoOidcClient
{
    private const string Service = "SSO OIDC";

    private readonly AwsEndpoint _endpoint;
    private readonly AwsTransport _transport;
    private string? _base;

    public SsoOidcClient(AwsEndpoint endpoint, AwsTransport transport)
    {
        _endpoint = endpoint;
        _transport = transport;
    }

    /// <summary>The endpoint's URL without a trailing '/' (botocore takes scheme and host of a resolved RegisterClient).</summary>
    public string EndpointUrl => _base ??= EndpointRules.SsoOidc(_endpoint).Url.AbsoluteUri.TrimEnd('/');

    public Task<OidcClientRegistration> RegisterClientAsync(OidcRegisterRequest request, CancellationToken cancellationToken)
        => PostAsync(
            "RegisterClient",
            "/client/register",
            JsonBody.Of(
                ("clientName", request.ClientName),
                ("clientType", "public"),
                ("scopes", request.Scopes.Count > 0 ? request.Scopes : null),
                ("redirectUris", request.RedirectUris.Count > 0 ? request.RedirectUris : null),
                ("grantTypes", request.GrantTypes.Count > 0 ? request.GrantTypes : null),
                ("issuerUrl", request.IssuerUrl)),
            answer =>
            {
                var body = AwsJsonValue.Parse(answer.Body);
                return new OidcClientRegistration(
                    body["clientId"].String ?? throw new FormatException("RegisterClient answered without clientId"),
                    body["clientSecret"].String ?? throw new FormatException("RegisterClient answered without clientSecret"),
                    DateTimeOffset.FromUnixTimeSeconds(body["clientSecretExpiresAt"].Int64 ?? 0));
            },
            cancellationToken);

    public Task<OidcDeviceAuthorization> StartDeviceAuthorizationAsync(string clientId, string clientSecret, string startUrl, CancellationToken cancellationToken)
        => PostAsync(
            "StartDeviceAuthorization",
            "/device_authorization",
            JsonBody.Of(("clientId", clientId), ("clientSecret", clientSecret), ("startUrl", startUrl)),
            answer =>
            {
                var body = AwsJsonValue.Parse(answer.Body);

                // The code and the URLs are printed on the terminal: remote text, made printable.
                return new OidcDeviceAuthorization(
                    body["deviceCode"].String ?? throw new FormatException("StartDeviceAuthorization answered without deviceCode"),
                    Platform.TerminalText.Sanitize(body["userCode"].String ?? string.Empty, 100)!,
                    Platform.TerminalText.Sanitize(body["verificationUri"].String ?? string.Empty, 2000)!,
                    Platform.TerminalText.Sanitize(body["verificationUriComplete"].String ?? string.Empty, 2000)!,
                    TimeSpan.FromSeconds(body["expiresIn"].Int64 ?? 600),
                    body["interval"].Int64 is { } interval and > 0 ? TimeSpan.FromSeconds(interval) : null);
            },
            cancellationToken);

    public Task<OidcTokenResult> CreateTokenAsync(OidcTokenRequest request, CancellationToken cancellationToken)
        => PostAsync(
            "CreateToken",
            "/token",
            JsonBody.Of(
                ("clientId", request.ClientId),
                ("clientSecret", request.ClientSecret),
                ("grantType", request.GrantType),
                ("deviceCode", request.DeviceCode),
                ("code", request.Code),
                ("refreshToken", request.RefreshToken),
                ("redirectUri", request.RedirectUri),
                ("codeVerifier", request.CodeVerifier)),
            answer =>
            {
                var body = AwsJsonValue.Parse(answer.Body);
                return new OidcTokenResult(
                    body["accessToken"].String ?? throw new FormatException("CreateToken answered without accessToken"),
                    TimeSpan.FromSeconds(body["expiresIn"].Int64 ?? 0),
                    body["refreshToken"].String is { Length: > 0 } refresh ? refresh : null);
            },
            cancellationToken);

    private Task<T> PostAsync<T>(string operation, string path, byte[] body, Func<AwsAnswer, T> read, CancellationToken cancellationToken)
    {
        var request = new AwsRequest(Service, operation, HttpMethod.Post, new Uri(EndpointUrl + path), body, RestJson.ContentType, [], Sign: null, RestJson.ReadError, []);
        return _transport.CallAsync(request, read, cancellationToken);
    }
}
