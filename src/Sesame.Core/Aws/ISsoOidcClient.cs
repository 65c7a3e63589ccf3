namespace Sesame.Core.Aws;

/// <summary>
/// The IAM Identity Center OIDC operations Sesame uses (aws-wire-reference §3.2): RegisterClient,
/// StartDeviceAuthorization and CreateToken. Thin on purpose: the implementation
/// (<see cref="SsoClientFactory"/>) is created only when a login or a refresh actually happens. Failures are
/// <see cref="Credentials.AwsServiceException"/> whose <c>ErrorCode</c> is the OIDC error shape
/// (<c>AuthorizationPendingException</c>, <c>SlowDownException</c>, <c>ExpiredTokenException</c>,
/// <c>AccessDeniedException</c>, <c>InvalidGrantException</c>, <c>InvalidClientException</c>, …).
/// </summary>
public interface ISsoOidcClient
{
    /// <summary>
    /// The base URL of the OIDC endpoint (no trailing slash), as the endpoint rules resolve it for the region
    /// and endpoint settings; the PKCE flow sends the browser to <c>{this}/authorize</c>.
    /// </summary>
    string EndpointUrl { get; }

    /// <summary>RegisterClient: a public client, with scopes and (for PKCE) grant types, redirect URIs and issuer URL.</summary>
    Task<OidcClientRegistration> RegisterClientAsync(OidcRegisterRequest request, CancellationToken cancellationToken);

    /// <summary>StartDeviceAuthorization for a start URL.</summary>
    Task<OidcDeviceAuthorization> StartDeviceAuthorizationAsync(string clientId, string clientSecret, string startUrl, CancellationToken cancellationToken);

    /// <summary>CreateToken for any of the three grants.</summary>
    Task<OidcTokenResult> CreateTokenAsync(OidcTokenRequest request, CancellationToken cancellationToken);
}

/// <summary>What RegisterClient is asked for.</summary>
/// <param name="ClientName">The client name shown on the approval page.</param>
/// <param name="Scopes">Scopes; refresh tokens are only issued to clients registered with scopes (§3.5).</param>
/// <param name="GrantTypes">Grant types (PKCE: <c>authorization_code</c>, <c>refresh_token</c>), or empty.</param>
/// <param name="RedirectUris">Redirect URIs (PKCE: <c>http://127.0.0.1/oauth/callback</c>, no port), or empty.</param>
/// <param name="IssuerUrl">The start URL (PKCE only), or <c>null</c>.</param>
public sealed record OidcRegisterRequest(string ClientName, IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes, IReadOnlyList<string> RedirectUris, string? IssuerUrl);

/// <summary>A client registration. <see cref="ToString"/> hides the secret.</summary>
/// <param name="ClientId">The client id.</param>
/// <param name="ClientSecret">The client secret.</param>
/// <param name="ExpiresAt">When the registration (its secret) expires.</param>
public sealed record OidcClientRegistration(string ClientId, string ClientSecret, DateTimeOffset ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() => $"OidcClientRegistration {{ ClientId = {ClientId}, ClientSecret = ** redacted **, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>A started device authorization.</summary>
/// <param name="DeviceCode">The device code to poll with (secret).</param>
/// <param name="UserCode">The code the user confirms in the browser.</param>
/// <param name="VerificationUri">Where to enter the code.</param>
/// <param name="VerificationUriComplete">The same page with the code filled in.</param>
/// <param name="ExpiresIn">How long the device code is valid.</param>
/// <param name="Interval">How often to poll, when the service says (else 5 s, RFC 8628).</param>
public sealed record OidcDeviceAuthorization(string DeviceCode, string UserCode, string VerificationUri, string VerificationUriComplete, TimeSpan ExpiresIn, TimeSpan? Interval)
{
    /// <inheritdoc />
    public override string ToString() => $"OidcDeviceAuthorization {{ UserCode = {UserCode}, VerificationUri = {VerificationUri} }}";
}

/// <summary>A CreateToken request; exactly one grant's fields are set.</summary>
/// <param name="ClientId">The client id.</param>
/// <param name="ClientSecret">The client secret.</param>
/// <param name="GrantType">The grant: <see cref="DeviceCodeGrant"/>, <see cref="AuthorizationCodeGrant"/> or <see cref="RefreshTokenGrant"/>.</param>
public sealed record OidcTokenRequest(string ClientId, string ClientSecret, string GrantType)
{
    /// <summary>The device-code grant type.</summary>
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>The authorization-code grant type.</summary>
    public const string AuthorizationCodeGrant = "authorization_code";

    /// <summary>The refresh-token grant type.</summary>
    public const string RefreshTokenGrant = "refresh_token";

    /// <summary>Device grant: the device code.</summary>
    public string? DeviceCode { get; init; }

    /// <summary>Authorization-code grant: the code from the redirect.</summary>
    public string? Code { get; init; }

    /// <summary>Authorization-code grant: the redirect URI with its port.</summary>
    public string? RedirectUri { get; init; }

    /// <summary>Authorization-code grant: the PKCE verifier.</summary>
    public string? CodeVerifier { get; init; }

    /// <summary>Refresh grant: the refresh token.</summary>
    public string? RefreshToken { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"OidcTokenRequest {{ ClientId = {ClientId}, GrantType = {GrantType} }}";
}

/// <summary>What CreateToken answered. <see cref="ToString"/> hides the tokens.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="ExpiresIn">Its lifetime.</param>
/// <param name="RefreshToken">A refresh token, when the service issued one.</param>
public sealed record OidcTokenResult(string AccessToken, TimeSpan ExpiresIn, string? RefreshToken)
{
    /// <inheritdoc />
    public override string ToString() => $"OidcTokenResult {{ AccessToken = ** redacted **, ExpiresIn = {ExpiresIn}, RefreshToken = {(RefreshToken is null ? "none" : "** redacted **")} }}";
}
