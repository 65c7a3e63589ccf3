namespace Sesame.Core.Sso;

/// <summary>
/// An IAM Identity Center access token and what the cache file holds for refreshing it.
/// <see cref="ToString"/> never shows the token, the refresh token or the client secret.
/// </summary>
/// <param name="AccessToken">The bearer token for the portal.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="RefreshToken">The OIDC refresh token, when the login issued one.</param>
/// <param name="ClientId">The OIDC client registration id, when cached.</param>
/// <param name="ClientSecret">The OIDC client secret, when cached.</param>
/// <param name="RegistrationExpiresAt">When the client registration expires, when cached.</param>
/// <param name="CachePath">The cache file it was read from, if any.</param>
public sealed record SsoToken(
    string AccessToken,
    DateTimeOffset ExpiresAt,
    string? RefreshToken = null,
    string? ClientId = null,
    string? ClientSecret = null,
    DateTimeOffset? RegistrationExpiresAt = null,
    string? CachePath = null)
{
    /// <inheritdoc />
    public override string ToString()
        => $"SsoToken {{ AccessToken = ** redacted **, ExpiresAt = {ExpiresAt:O}, RefreshToken = {(RefreshToken is null ? "none" : "** redacted **")}, CachePath = {CachePath ?? "none"} }}";
}
