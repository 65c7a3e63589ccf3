namespace Sesame.Core.Aws;

/// <summary>Creates the IAM Identity Center clients (OIDC and portal) for an endpoint.</summary>
public interface ISsoClientFactory
{
    /// <summary>An OIDC client (login, refresh).</summary>
    ISsoOidcClient CreateOidc(AwsEndpoint endpoint);

    /// <summary>A portal client (role credentials, listings, logout).</summary>
    ISsoPortalClient CreatePortal(AwsEndpoint endpoint);
}

/// <summary>
/// The AWS SDK implementations. Creating this factory loads nothing; the SDK is loaded when a client
/// is created, which happens only when a call is about to be made.
/// </summary>
public sealed class SdkSsoClientFactory : ISsoClientFactory
{
    private readonly AwsHttpOptions _http;

    /// <summary>Creates the factory.</summary>
    public SdkSsoClientFactory(AwsHttpOptions? http = null) => _http = http ?? new AwsHttpOptions();

    /// <inheritdoc />
    public ISsoOidcClient CreateOidc(AwsEndpoint endpoint) => new SdkSsoOidcClient(endpoint, _http);

    /// <inheritdoc />
    public ISsoPortalClient CreatePortal(AwsEndpoint endpoint) => new SdkSsoPortalClient(endpoint, _http);
}
