using System.Globalization;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;

namespace Sesame.Core.Sso;

/// <summary>
/// IAM Identity Center tokens from the shared cache, renewed without a browser (botocore
/// SSOTokenProvider, aws-wire-reference §3.4): a token with less than <see cref="RefreshWindow"/>
/// left is refreshed with CreateToken (<c>refresh_token</c>) when the file holds a refresh token and
/// an unexpired client registration; the file is rewritten (a refresh without a new refresh token
/// drops it); a failed refresh keeps a still-valid token. Only when no valid token can be had is a
/// login needed: through <see cref="ISsoInteractiveLogin"/> when one is supplied, else
/// <see cref="SsoLoginRequiredException"/> (exit 5) with the command to run.
/// <para>
/// Single flight across processes: renewing happens under a per-session file lock, and the file is
/// read again once the lock is held, so N concurrent callers on an expired token cause one
/// CreateToken — or one browser prompt — and the others use its result. (Refresh tokens rotate:
/// a second, racing refresh would be refused.) A failed renewal is shared the same way
/// (<see cref="SharedFailure"/>): callers that were waiting on it get its error for a few seconds
/// instead of each sending the refresh token again.
/// </para>
/// </summary>
public sealed class RefreshingSsoTokenSource : ISsoTokenSource
{
    /// <summary>botocore refreshes a token when fewer than 15 minutes remain (advisory refresh).</summary>
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(15);

    /// <summary>How long to wait for another process renewing the same session: longer than a browser login may take (10 min).</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(12);

    private readonly SsoTokenCache _cache;
    private readonly Func<SsoSession, ISsoOidcClient> _oidc;
    private readonly ILockProvider _locks;
    private readonly TimeProvider _time;
    private readonly ILog _log;
    private readonly ISsoInteractiveLogin? _login;

    /// <summary>Creates the source.</summary>
    /// <param name="cache">The token cache.</param>
    /// <param name="oidc">Creates the OIDC client for a session (only when a refresh is due; it loads the AWS SDK).</param>
    /// <param name="locks">Cross-process locks.</param>
    /// <param name="time">The clock.</param>
    /// <param name="log">Warnings (never secrets).</param>
    /// <param name="login">Starts a login when no token can be had without one, or <c>null</c> to fail fast.</param>
    public RefreshingSsoTokenSource(SsoTokenCache cache, Func<SsoSession, ISsoOidcClient> oidc, ILockProvider locks, TimeProvider time, ILog log, ISsoInteractiveLogin? login = null)
    {
        _cache = cache;
        _oidc = oidc;
        _locks = locks;
        _time = time;
        _log = log;
        _login = login;
    }

    /// <summary>The lock key for a session's token (file-name safe).</summary>
    public static string LockKey(string cacheKey) => "sso-token-" + SsoTokenCache.Sha1Hex(cacheKey);

    /// <inheritdoc />
    public async Task<SsoToken> GetTokenAsync(SsoSession session, CancellationToken cancellationToken = default)
    {
        session = session.Require();
        var read = _cache.Read(session.CacheKey);
        if (Fresh(read) is { } fresh)
        {
            return fresh.ToToken(read.Path);
        }

        var now = _time.GetUtcNow();
        var login = _login is { IsAvailable: true } ? _login : null;
        if (read.Token?.CanRefresh(now) != true && login is null)
        {
            // Nothing this process could do under the lock: answer at once.
            return Valid(read)?.ToToken(read.Path) ?? throw Required(session, read, null);
        }

        // Milliseconds, as a shared failure records its time.
        var waitingSince = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var key = LockKey(session.CacheKey);
        using (await _locks.AcquireAsync(key, LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            // Another process may have refreshed, or logged in, while this one waited.
            read = _cache.Read(session.CacheKey);
            if (Fresh(read) is { } renewed)
            {
                return renewed.ToToken(read.Path);
            }

            // ... or failed: callers that were already waiting share its error for a short time instead of
            // each sending the same (rotated, revoked) refresh token again (as CachingProvider does for roles).
            if (_locks.RecentFailure(key) is { } shared && shared.AppliesTo(waitingSince, _time.GetUtcNow()))
            {
                throw shared.ExitCode == Errors.ExitCodes.SsoLoginRequired
                    ? new SsoLoginRequiredException(session, Describe(read, $"a concurrent renewal failed at {shared.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC"))
                    : shared.ToException();
            }

            try
            {
                var token = await RenewLockedAsync(session, read, login, cancellationToken).ConfigureAwait(false);
                _locks.ClearFailure(key);
                return token;
            }
            catch (Errors.SesameException e) when (e is not Errors.InteractionRequiredException)
            {
                _locks.RecordFailure(key, SharedFailure.From(e, _time.GetUtcNow()));
                throw;
            }
        }
    }

    // Under the session's lock, with no fresh token in the file: refresh, else keep a valid one, else sign in.
    private async Task<SsoToken> RenewLockedAsync(SsoSession session, SsoTokenFileRead read, ISsoInteractiveLogin? login, CancellationToken cancellationToken)
    {
        string? refreshFailure = null;
        if (read.Token is { } token && token.CanRefresh(_time.GetUtcNow()))
        {
            try
            {
                var refreshed = await RefreshAsync(session, token, cancellationToken).ConfigureAwait(false);
                return refreshed.ToToken(_cache.Write(session.CacheKey, refreshed));
            }
            catch (AwsServiceException e)
            {
                // botocore logs a failed refresh and keeps the old token while it lasts.
                refreshFailure = $"CreateToken with the refresh token failed: {e.ErrorCode ?? "error"}{(e.StatusCode > 0 ? $" (HTTP {e.StatusCode})" : string.Empty)}";
                _log.Debug($"IAM Identity Center session {session.Description}: {refreshFailure}");
            }
        }

        if (Valid(read) is { } stillValid)
        {
            if (refreshFailure is not null)
            {
                _log.Warn($"IAM Identity Center session {session.Description}: {refreshFailure}; using the cached token until it expires at {SsoTokenFile.FormatTime(stillValid.ExpiresAt)}");
            }

            return stillValid.ToToken(read.Path);
        }

        if (login is not null)
        {
            var reason = Describe(read, refreshFailure);
            var loggedIn = await login.LoginAsync(session, reason, cancellationToken).ConfigureAwait(false);
            return loggedIn.ToToken(_cache.PathFor(session.CacheKey));
        }

        throw Required(session, read, refreshFailure);
    }

    /// <summary>
    /// Whether the session's token is usable or renewable without a browser, from the cache file
    /// alone (no network): for <c>status</c>.
    /// </summary>
    public static bool IsUsableWithoutBrowser(SsoTokenCache cache, SsoSession session, DateTimeOffset now)
    {
        var read = cache.Read(session.CacheKey);
        return read.Token is { } token && (token.ExpiresAt > now || token.CanRefresh(now));
    }

    /// <summary>Why a session needs a login, in words (for messages).</summary>
    public string Describe(SsoTokenFileRead read, string? refreshFailure)
    {
        if (read.IsMissing)
        {
            return $"has no cached token (failed to read {read.Path}: the file does not exist)";
        }

        if (read.Token is null)
        {
            return $"has a damaged cached token ({read.Path}: {read.Problem}; it is left as it is until a new login replaces it)";
        }

        var expired = $"has expired (the cached token expired at {read.Token.ExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})";
        if (refreshFailure is not null)
        {
            return $"{expired} and could not be renewed without a browser ({refreshFailure})";
        }

        return read.Token.RefreshToken is null ? $"{expired} and has no refresh token"
            : read.Token.RegistrationExpiresAt is { } at && at <= _time.GetUtcNow() ? $"{expired} and its client registration expired at {SsoTokenFile.FormatTime(at)}"
            : expired;
    }

    private SsoLoginRequiredException Required(SsoSession session, SsoTokenFileRead read, string? refreshFailure)
        => new(session, Describe(read, refreshFailure));

    private SsoTokenFile? Fresh(SsoTokenFileRead read)
        => read.Token is { } token && Caching.Freshness.IsFresh(token.ExpiresAt, _time.GetUtcNow(), RefreshWindow) ? token : null;

    private SsoTokenFile? Valid(SsoTokenFileRead read)
        => read.Token is { } token && token.ExpiresAt > _time.GetUtcNow() ? token : null;

    private async Task<SsoTokenFile> RefreshAsync(SsoSession session, SsoTokenFile token, CancellationToken cancellationToken)
    {
        var oidc = _oidc(session);
        var result = await oidc.CreateTokenAsync(
            new OidcTokenRequest(token.ClientId!, token.ClientSecret!, OidcTokenRequest.RefreshTokenGrant) { RefreshToken = token.RefreshToken },
            cancellationToken).ConfigureAwait(false);
        _log.Debug($"IAM Identity Center session {session.Description}: token refreshed without a browser");

        // The start URL and region come from the configuration, not the old file; a reply without a
        // refresh token drops the old one (it has been used).
        return new SsoTokenFile(
            result.AccessToken,
            _time.GetUtcNow() + result.ExpiresIn,
            session.StartUrl,
            session.Region,
            result.RefreshToken,
            token.ClientId,
            token.ClientSecret,
            token.RegistrationExpiresAt);
    }
}
