using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Sso;

namespace Sesame.Core.Providers;

/// <summary>
/// IAM Identity Center role credentials (botocore SSOProvider / SSOCredentialFetcher): the cached
/// access token for the profile's sso-session (or legacy start URL) is exchanged at the portal's
/// GetRoleCredentials for the profile's <c>sso_account_id</c> and <c>sso_role_name</c>. A profile
/// with <c>sso_session</c> but no account and role only yields a bearer token, never credentials.
/// A missing or expired token, or a 401 from the portal, asks the user to log in (exit code 5).
/// </summary>
public sealed class SsoRoleProvider : ICredentialProvider
{
    private readonly SsoSource _source;
    private readonly ISsoTokenSource _tokens;
    private readonly Func<ISsoPortalClient> _portal;

    /// <summary>Creates the provider.</summary>
    /// <param name="source">The profile's SSO settings (sso-session values merged in).</param>
    /// <param name="tokens">Where the access token comes from.</param>
    /// <param name="portal">Creates the portal client, only when a call is made (it loads the AWS SDK).</param>
    public SsoRoleProvider(SsoSource source, ISsoTokenSource tokens, Func<ISsoPortalClient> portal)
    {
        _source = source;
        _tokens = tokens;
        _portal = portal;
    }

    /// <inheritdoc />
    public string Name => $"sso {_source.Profile}";

    /// <summary>The settings this provider uses.</summary>
    public SsoSource Source => _source;

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var session = Validate();
        var token = await _tokens.GetTokenAsync(session, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _portal().GetRoleCredentialsAsync(token.AccessToken, _source.AccountId!, _source.RoleName!, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.StatusCode == 401)
        {
            // botocore: UnauthorizedSSOTokenError — the session ended early (logout, admin revoke).
            throw new SsoLoginRequiredException(session, $"was refused by the portal ({e.ErrorCode ?? "401"}: the token has expired or is otherwise invalid)");
        }
        catch (AwsServiceException e)
        {
            throw new CredentialsException(
                $"profile '{_source.Profile}': IAM Identity Center GetRoleCredentials for role {_source.RoleName} in account {_source.AccountId} failed: {e.ErrorCode ?? "error"}: {e.ServiceMessage}",
                e.ExitCode,
                e);
        }
    }

    private SsoSession Validate()
    {
        var at = _source.Location;
        if (!_source.HasRoleCredentials)
        {
            throw new ConfigException(
                $"profile '{_source.Profile}' has sso_session = {_source.SessionName} but no sso_account_id and sso_role_name, so it resolves to an access token instead of credentials; add both to get role credentials",
                at.File,
                at.Line);
        }

        return _source.Session.Require();
    }
}
