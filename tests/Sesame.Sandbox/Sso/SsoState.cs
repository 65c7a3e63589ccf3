namespace Sesame.Sandbox.Sso;

/// <summary>Where a device authorization or an authorization request stands.</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for the user.</summary>
    Pending,

    /// <summary>The user approved.</summary>
    Approved,

    /// <summary>The user denied.</summary>
    Denied,

    /// <summary>Approved and already exchanged for a token.</summary>
    Redeemed,
}

/// <summary>A device authorization as tests see it.</summary>
/// <param name="UserCode">The code the user is shown (e.g. <c>ABCD-EFGH</c>).</param>
/// <param name="ClientName">The registered client's name.</param>
/// <param name="ExpiresAt">When the device code expires.</param>
/// <param name="Status">Where it stands.</param>
public sealed record DeviceAuthorization(string UserCode, string ClientName, DateTimeOffset ExpiresAt, ApprovalStatus Status);

/// <summary>An authorization-code (PKCE) request as tests see it.</summary>
/// <param name="Id">The request id (also in the approval page's form).</param>
/// <param name="ClientName">The registered client's name.</param>
/// <param name="RedirectUri">Where the browser is sent back to.</param>
/// <param name="Status">Where it stands.</param>
public sealed record AuthorizationRequest(string Id, string ClientName, string RedirectUri, ApprovalStatus Status);

internal sealed class ClientRegistration
{
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    public required string ClientName { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required IReadOnlyList<string> GrantTypes { get; init; }
    public required IReadOnlyList<string> RedirectUris { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Refresh tokens go only to clients registered with sso:account:access (observed AWS behaviour, §3.5).</summary>
    public bool GetsRefreshTokens => Scopes.Contains("sso:account:access");
}

internal sealed class DeviceGrant
{
    public required string DeviceCode { get; init; }
    public required string UserCode { get; init; }
    public required ClientRegistration Client { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public ApprovalStatus Status { get; set; }
    public string? User { get; set; }
    public DateTimeOffset? LastPoll { get; set; }
}

internal sealed class AuthorizationGrant
{
    public required string Id { get; init; }
    public required ClientRegistration Client { get; init; }
    public required string RedirectUri { get; init; }
    public required string State { get; init; }
    public required string CodeChallenge { get; init; }
    public ApprovalStatus Status { get; set; }
    public string? User { get; set; }
    public string? Code { get; set; }
    public DateTimeOffset CodeExpiresAt { get; set; }
}

internal sealed record AccessToken(string User, string ClientId, DateTimeOffset ExpiresAt)
{
    public bool Revoked { get; set; }
}

internal sealed record RefreshToken(string User, ClientRegistration Client)
{
    public bool Used { get; set; }
}
