using Sesame.Core.Config;

namespace Sesame.Core.Sso;

/// <summary>
/// Where IAM Identity Center access tokens come from: the AWS CLI's token cache, refreshed without a
/// browser and single-flight across processes (<see cref="RefreshingSsoTokenSource"/>).
/// </summary>
public interface ISsoTokenSource
{
    /// <summary>
    /// A valid access token for the session. Throws <see cref="SsoLoginRequiredException"/> (exit
    /// code 5) when there is none or it has expired, so the user is told to log in.
    /// </summary>
    Task<SsoToken> GetTokenAsync(SsoSession session, CancellationToken cancellationToken = default);
}
