namespace Sesame.Core.Aws;

/// <summary>Creates the IAM Identity Center clients (OIDC and portal) for an endpoint.</summary>
public interface ISsoClientFactory
{
    /// <summary>An OIDC client (login, refresh).</summary>
    ISsoOidcClient CreateOidc(AwsEndpoint endpoint);

    /// <summary>A portal client (role credentials, listings, logout).</summary>
    ISsoPortalClient CreatePortal(AwsEndpoint endpoint);
}

