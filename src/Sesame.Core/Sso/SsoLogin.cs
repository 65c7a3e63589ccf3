using System.Globalization;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Config;

namespace Sesame.Core.Sso;

/// <summary>
/// <c>sso login</c>: registers (or reuses) an OIDC client with scopes, so refresh tokens are issued;
/// runs the authorization-code flow with PKCE and a loopback redirect (the AWS CLI's default since
/// 2.22) or the device-code flow; and writes the token cache file the AWS CLI writes
/// (aws-wire-reference §3.2, §3.4). Like <c>aws sso login</c> it always gets a new token (ignores the
/// cached one) but reuses a registration until fewer than 15 minutes remain on it. A damaged token
/// file is replaced only once the new token is in hand.
/// </summary>
public sealed partial class SsoLogin
{
    private static readonly TimeSpan RegistrationReuseWindow = TimeSpan.FromMinutes(15);

    private readonly SsoTokenCache _cache;
    private readonly SsoRegistrationCache _registrations;
    private readonly Func<SsoSession, ISsoOidcClient> _oidc;
    private readonly IBrowser _browser;
    private readonly ISsoLoginPresenter _presenter;
    private readonly TimeProvider _time;
    private readonly ILog _log;

    /// <summary>Creates the login.</summary>
    /// <param name="cache">The token cache to write.</param>
    /// <param name="oidc">Creates the OIDC client for a session (its region and endpoint settings).</param>
    /// <param name="browser">Opens the sign-in page.</param>
    /// <param name="presenter">Shows URLs, codes and progress.</param>
    /// <param name="time">The clock (expiry times, poll intervals, the browser timeout).</param>
    /// <param name="log">Debug output (never secrets).</param>
    public SsoLogin(SsoTokenCache cache, Func<SsoSession, ISsoOidcClient> oidc, IBrowser browser, ISsoLoginPresenter presenter, TimeProvider time, ILog log)
    {
        _cache = cache;
        _registrations = new SsoRegistrationCache(cache);
        _oidc = oidc;
        _browser = browser;
        _presenter = presenter;
        _time = time;
        _log = log;
    }

    /// <summary>Logs in, writes the token cache file and returns the token.</summary>
    public async Task<SsoTokenFile> LoginAsync(SsoSession session, SsoLoginOptions options, CancellationToken cancellationToken)
    {
        session = session.Require();
        ValidateStartUrl(session);
        var client = _oidc(session);
        try
        {
            var registration = await RegistrationAsync(client, session, pkce: !options.UseDeviceCode, cancellationToken).ConfigureAwait(false);
            var result = options.UseDeviceCode
                ? await DeviceFlowAsync(client, session, registration, options, cancellationToken).ConfigureAwait(false)
                : await AuthorizationCodeFlowAsync(client, session, registration, options, cancellationToken).ConfigureAwait(false);
            var token = new SsoTokenFile(
                result.AccessToken,
                _time.GetUtcNow() + result.ExpiresIn,
                session.StartUrl,
                session.Region,
                result.RefreshToken,
                registration.ClientId,
                registration.ClientSecret,
                registration.ExpiresAt);
            _cache.Write(session.CacheKey, token);
            return token;
        }
        catch (AwsServiceException e) when (e.ErrorCode is "InvalidRequestException" or "InvalidClientMetadataException" or "UnauthorizedClientException")
        {
            throw new SsoLoginFailedException(
                $"IAM Identity Center refused the login for {session.Description} ({e.Operation}: {e.ErrorCode}: {e.ServiceMessage}); check sso_start_url = {session.StartUrl} and sso_region = {session.Region} in {session.Where}",
                ExitCodes.ConfigError,
                e);
        }
    }

    private static void ValidateStartUrl(SsoSession session)
    {
        // The AWS CLI (≥ 2.35.13) refuses start URLs that are not https; so does Sesame, before any call.
        if (!Uri.TryCreate(session.StartUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new SsoLoginFailedException($"sso_start_url = {session.StartUrl} in {session.Where} is not an https URL (it looks like https://d-1234567890.awsapps.com/start)", ExitCodes.ConfigError);
        }
    }

    private async Task<OidcClientRegistration> RegistrationAsync(ISsoOidcClient client, SsoSession session, bool pkce, CancellationToken cancellationToken)
    {
        var key = SsoRegistrationCache.Key(session.StartUrl, session.Region, session.ConfiguredScopes, session.SessionName);
        var cached = _registrations.Read(key);
        var scopes = session.RegistrationScopes;
        if (cached is not null
            && Caching.Freshness.IsFresh(cached.Registration.ExpiresAt, _time.GetUtcNow(), RegistrationReuseWindow)
            && cached.IsForAuthorizationCode == pkce
            && cached.Scopes is { } registered && scopes.All(registered.Contains))
        {
            _log.Debug($"reusing the OIDC client registration {cached.Registration.ClientId} (expires {SsoTokenFile.FormatTime(cached.Registration.ExpiresAt)})");
            return cached.Registration;
        }

        var name = "sesame-client-" + (session.SessionName ?? _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        IReadOnlyList<string> grants = pkce ? [OidcTokenRequest.AuthorizationCodeGrant, OidcTokenRequest.RefreshTokenGrant] : [];
        var registration = await client.RegisterClientAsync(
            new OidcRegisterRequest(name, scopes, grants, pkce ? [LoopbackRedirectListener.RegisteredRedirectUri] : [], pkce ? session.StartUrl : null),
            cancellationToken).ConfigureAwait(false);
        _registrations.Write(key, new CachedRegistration(registration, scopes, pkce ? grants : null));
        return registration;
    }
}
