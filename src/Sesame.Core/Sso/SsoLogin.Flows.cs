using System.Security.Cryptography;
using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Config;

namespace Sesame.Core.Sso;

/// <summary>The two OAuth flows of <see cref="SsoLogin"/> (aws-wire-reference §3.2).</summary>
public sealed partial class SsoLogin
{
    private const string VerifierCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SlowDownDelay = TimeSpan.FromSeconds(5);

    /// <summary>A PKCE verifier: 64 characters from the unreserved set (RFC 7636 §4.1), as the AWS CLI makes it.</summary>
    public static string NewVerifier() => new(RandomNumberGenerator.GetItems<char>(VerifierCharacters, 64));

    /// <summary>The S256 challenge: base64url(SHA-256(verifier)) without padding (RFC 7636 §4.2).</summary>
    public static string Challenge(string verifier)
        => Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The authorize URL the browser is sent to; <c>scopes</c> is space-separated, as the service expects.</summary>
    public static string AuthorizeUrl(string oidcEndpoint, string clientId, string redirectUri, string state, IReadOnlyList<string> scopes, string challenge)
        => $"{oidcEndpoint}/authorize?response_type=code&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}"
            + $"&state={Uri.EscapeDataString(state)}&code_challenge_method=S256&scopes={Uri.EscapeDataString(string.Join(' ', scopes))}&code_challenge={challenge}";

    private async Task<OidcTokenResult> AuthorizationCodeFlowAsync(ISsoOidcClient client, SsoSession session, OidcClientRegistration registration, SsoLoginOptions options, CancellationToken cancellationToken)
    {
        using var listener = new LoopbackRedirectListener();
        var verifier = NewVerifier();
        var state = Guid.NewGuid().ToString();
        var url = AuthorizeUrl(client.EndpointUrl, registration.ClientId, listener.RedirectUri, state, session.RegistrationScopes, Challenge(verifier));
        var opened = !options.NoBrowser && _browser.TryOpen(url);
        _presenter.ShowSignInUrl(session, url, opened);

        using var timeout = new CancellationTokenSource(options.BrowserTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RedirectResult redirect;
        try
        {
            redirect = await _presenter.WaitAsync("Waiting for the browser sign-in", ct => listener.WaitAsync(state, ct), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SsoLoginFailedException(
                $"the browser sign-in for {session.Description} did not come back within {options.BrowserTimeout.TotalMinutes:F0} minutes; run `{session.LoginCommand}` again (add --use-device-code to sign in on another device)",
                ExitCodes.Timeout);
        }

        if (redirect.Error is { } error)
        {
            throw error == "access_denied"
                ? Denied(session)
                : new SsoLoginFailedException($"the browser sign-in for {session.Description} failed ({error}{(redirect.ErrorDescription is { } d ? ": " + d : string.Empty)}); run `{session.LoginCommand}` again");
        }

        if (redirect.State != state || string.IsNullOrEmpty(redirect.Code))
        {
            throw new SsoLoginFailedException($"the browser sign-in for {session.Description} came back without a valid code or with another request's state; run `{session.LoginCommand}` again");
        }

        try
        {
            return await client.CreateTokenAsync(
                new OidcTokenRequest(registration.ClientId, registration.ClientSecret, OidcTokenRequest.AuthorizationCodeGrant)
                {
                    Code = redirect.Code,
                    RedirectUri = listener.RedirectUri,
                    CodeVerifier = verifier,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "InvalidGrantException" or "ExpiredTokenException" or "AccessDeniedException")
        {
            throw new SsoLoginFailedException($"IAM Identity Center did not accept the authorization code for {session.Description} ({e.ErrorCode}); run `{session.LoginCommand}` again", ExitCodes.CredentialsFailed, e);
        }
    }

    private async Task<OidcTokenResult> DeviceFlowAsync(ISsoOidcClient client, SsoSession session, OidcClientRegistration registration, SsoLoginOptions options, CancellationToken cancellationToken)
    {
        var authorization = await client.StartDeviceAuthorizationAsync(registration.ClientId, registration.ClientSecret, session.StartUrl, cancellationToken).ConfigureAwait(false);
        var request = new OidcTokenRequest(registration.ClientId, registration.ClientSecret, OidcTokenRequest.DeviceCodeGrant) { DeviceCode = authorization.DeviceCode };
        var interval = authorization.Interval ?? DefaultInterval;

        // One attempt before showing anything: a pre-authorized client needs no approval (botocore).
        var (token, slower) = await TryDeviceTokenAsync(client, request, session, cancellationToken).ConfigureAwait(false);
        if (token is not null)
        {
            return token;
        }

        interval += slower;
        var opened = !options.NoBrowser && _browser.TryOpen(authorization.VerificationUriComplete);
        _presenter.ShowDeviceCode(session, authorization, opened);

        // The code's own lifetime is the limit (RFC 8628 §3.2 expires_in), a little past it so the
        // service's expired_token, with its clearer meaning, normally comes first.
        var limit = authorization.ExpiresIn > TimeSpan.Zero ? authorization.ExpiresIn + interval + interval : options.BrowserTimeout;
        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _presenter.WaitAsync($"Waiting for approval of code {authorization.UserCode}", async ct =>
            {
                while (true)
                {
                    await Task.Delay(interval, _time, ct).ConfigureAwait(false);
                    var (polled, more) = await TryDeviceTokenAsync(client, request, session, ct).ConfigureAwait(false);
                    if (polled is not null)
                    {
                        return polled;
                    }

                    interval += more;
                }
            }, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SsoLoginFailedException(
                $"the code {authorization.UserCode} for {session.Description} was not approved within {DeviceCodeLifetime(authorization)}; run `{session.LoginCommand} --use-device-code` again and approve the new code",
                ExitCodes.Timeout);
        }
    }

    /// <summary>How long a device code is valid, in words ("10 minutes").</summary>
    public static string DeviceCodeLifetime(OidcDeviceAuthorization authorization)
        => authorization.ExpiresIn >= TimeSpan.FromMinutes(2)
            ? $"{(int)Math.Round(authorization.ExpiresIn.TotalMinutes)} minutes"
            : Math.Max(1, (int)Math.Round(authorization.ExpiresIn.TotalSeconds)) is var seconds && seconds == 1 ? "1 second" : $"{seconds} seconds";

    private static async Task<(OidcTokenResult? Token, TimeSpan SlowDown)> TryDeviceTokenAsync(ISsoOidcClient client, OidcTokenRequest request, SsoSession session, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.CreateTokenAsync(request, cancellationToken).ConfigureAwait(false), TimeSpan.Zero);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AuthorizationPendingException")
        {
            return (null, TimeSpan.Zero);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "SlowDownException")
        {
            // RFC 8628 §3.5: slow_down adds 5 seconds to the interval for good.
            return (null, SlowDownDelay);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ExpiredTokenException")
        {
            throw new SsoLoginFailedException($"the device code for {session.Description} expired before it was approved; run `{session.LoginCommand} --use-device-code` again and approve the new code", ExitCodes.CredentialsFailed, e);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AccessDeniedException")
        {
            throw Denied(session, e);
        }
    }

    private static SsoLoginFailedException Denied(SsoSession session, Exception? inner = null)
        => new($"the sign-in for {session.Description} was denied in the browser; run `{session.LoginCommand}` again and choose Allow", ExitCodes.CredentialsFailed, inner);
}
