using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Platform;

namespace Sesame.Core.Sso;

/// <summary>
/// A login started from inside <c>credential_process</c> or <c>exec</c> when the token cannot be
/// renewed without a browser: the messages go to the controlling terminal (never to standard output,
/// which carries the credentials), the browser opens when it can (authorization code with PKCE),
/// otherwise the device code is shown to approve from any device. Single flight is the token
/// source's lock: however many processes ask, one of them runs this.
/// </summary>
public sealed class TerminalSsoLogin : ISsoInteractiveLogin, ISsoLoginPresenter
{
    private readonly Func<ISsoLoginPresenter, SsoLogin> _login;
    private readonly ITerminal _terminal;
    private readonly IBrowser _browser;

    /// <summary>Creates the login.</summary>
    /// <param name="login">Builds the login with a presenter.</param>
    /// <param name="terminal">The controlling terminal.</param>
    /// <param name="browser">The browser.</param>
    public TerminalSsoLogin(Func<ISsoLoginPresenter, SsoLogin> login, ITerminal terminal, IBrowser browser)
    {
        _login = login;
        _terminal = terminal;
        _browser = browser;
    }

    /// <inheritdoc />
    public Task<SsoTokenFile> LoginAsync(SsoSession session, string reason, CancellationToken cancellationToken)
    {
        _terminal.WriteLine($"sesame: the IAM Identity Center session {session.Description} {reason}; signing in{(session.Profile.Length == 0 ? string.Empty : $" (profile {session.Profile})")}.");
        var options = new SsoLoginOptions(UseDeviceCode: !_browser.CanOpen);
        return _login(this).LoginAsync(session, options, cancellationToken);
    }

    /// <inheritdoc />
    public void ShowSignInUrl(SsoSession session, string url, bool browserOpened)
    {
        _terminal.WriteLine(browserOpened
            ? "sesame: a browser window is open to sign in; if it did not appear, open this URL on this computer:"
            : "sesame: open this URL on this computer to sign in:");
        _terminal.WriteLine(url);
    }

    /// <inheritdoc />
    public void ShowDeviceCode(SsoSession session, OidcDeviceAuthorization authorization, bool browserOpened)
    {
        _terminal.WriteLine($"sesame: to sign in, open {authorization.VerificationUri} on any device and confirm the code {authorization.UserCode}");
        _terminal.WriteLine($"        (or open {authorization.VerificationUriComplete}); the code is valid for {SsoLogin.DeviceCodeLifetime(authorization)}");
    }

    /// <inheritdoc />
    public async Task<T> WaitAsync<T>(string message, Func<CancellationToken, Task<T>> wait, CancellationToken cancellationToken)
    {
        _terminal.WriteLine($"sesame: {message}…");
        var result = await wait(cancellationToken).ConfigureAwait(false);
        _terminal.WriteLine("sesame: signed in.");
        return result;
    }
}
