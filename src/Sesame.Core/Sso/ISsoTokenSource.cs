namespace Sesame.Core.Sso;

/// <summary>
/// Where IAM Identity Center access tokens come from. Today: the AWS CLI's token cache, read and
/// validated (<see cref="SsoCacheTokenSource"/>). Refresh with the refresh token and single-flight
/// across processes come next and belong behind this interface, so the providers do not change.
/// </summary>
public interface ISsoTokenSource
{
    /// <summary>
    /// A valid access token for the session. Throws <see cref="SsoLoginRequiredException"/> (exit
    /// code 5) when there is none or it has expired, so the user is told to log in.
    /// </summary>
    Task<SsoToken> GetTokenAsync(SsoTokenRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Which token is wanted.</summary>
/// <param name="Profile">The profile asking (for messages).</param>
/// <param name="SessionName">The <c>[sso-session]</c> name, or <c>null</c> for a legacy profile.</param>
/// <param name="StartUrl">The portal start URL.</param>
/// <param name="Region">The IAM Identity Center region.</param>
public sealed record SsoTokenRequest(string Profile, string? SessionName, string StartUrl, string Region)
{
    /// <summary>The token cache key: the session name, or the start URL for legacy profiles (aws-wire-reference §3.4).</summary>
    public string CacheKey => SessionName ?? StartUrl;

    /// <summary>The command that gets a new token for this session.</summary>
    public string LoginCommand => SessionName is null ? $"sesame sso login --profile {Profile}" : $"sesame sso login --sso-session {SessionName}";

    /// <summary>How messages name the session.</summary>
    public string Description => SessionName is null ? $"for {StartUrl}" : $"'{SessionName}'";
}
