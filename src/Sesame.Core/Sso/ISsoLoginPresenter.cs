using Sesame.Core.Aws;
using Sesame.Core.Config;

namespace Sesame.Core.Sso;

/// <summary>
/// How a login talks to the user: where to sign in, which code to confirm, and something alive on
/// screen while it waits. The CLI's <c>sso login</c> uses a spinner and a QR code; a login started
/// from a <c>credential_process</c> writes plain lines to the controlling terminal. Never given a secret.
/// </summary>
public interface ISsoLoginPresenter
{
    /// <summary>The authorization-code flow: the URL to open (shown whether or not a browser was opened).</summary>
    void ShowSignInUrl(SsoSession session, string url, bool browserOpened);

    /// <summary>The device flow: the verification page and the code to confirm there.</summary>
    void ShowDeviceCode(SsoSession session, OidcDeviceAuthorization authorization, bool browserOpened);

    /// <summary>Runs <paramref name="wait"/> while showing <paramref name="message"/> (a spinner, or nothing).</summary>
    Task<T> WaitAsync<T>(string message, Func<CancellationToken, Task<T>> wait, CancellationToken cancellationToken);
}

/// <summary>The flow a login uses.</summary>
/// <param name="UseDeviceCode">The device-code flow instead of authorization code with PKCE.</param>
/// <param name="NoBrowser">Do not open a browser; only show the URL (and code).</param>
public sealed record SsoLoginOptions(bool UseDeviceCode = false, bool NoBrowser = false)
{
    /// <summary>How long the authorization-code flow waits for the browser (the AWS CLI's 10 minutes).</summary>
    public TimeSpan BrowserTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
