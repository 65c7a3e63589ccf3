namespace Sesame.Core.Saml.Secrets;

/// <summary>A second factor an IdP asks for.</summary>
/// <param name="Adapter">The AD FS adapter (its <c>AuthMethod</c>, e.g. <c>SecurIDAuthentication</c>), or the IdP's kind.</param>
/// <param name="Label">What to call it in a prompt (<c>RSA SecurID passcode</c>).</param>
/// <param name="Hidden">True when the code should not be echoed (RSA and SafeNet passcodes include a PIN).</param>
/// <param name="DeviceId">The id under which a TOTP seed or <c>--mfa-token</c> applies (see <see cref="SamlMfaCodeChain"/>).</param>
public sealed record SamlMfaChallenge(string Adapter, string Label, bool Hidden, string DeviceId);

/// <summary>Where one-time codes for IdP adapters come from.</summary>
public interface ISamlMfaCodeSource
{
    /// <summary>
    /// A code for <paramref name="challenge"/>; <paramref name="attempt"/> is 2 after the IdP refused the first.
    /// Throws <see cref="Errors.InteractionRequiredException"/> when it would have to ask and cannot.
    /// </summary>
    Task<string> GetCodeAsync(SamlMfaChallenge challenge, int attempt, CancellationToken cancellationToken);
}

/// <summary>Shows a person what is going on during a sign-in: push approvals, the number to match.</summary>
public interface ISamlSignInPresenter
{
    /// <summary>Shows one line (on the terminal's standard error, never standard output).</summary>
    void Show(string message);
}

/// <summary>A presenter that shows nothing.</summary>
public sealed class NullSamlSignInPresenter : ISamlSignInPresenter
{
    /// <summary>The shared instance.</summary>
    public static NullSamlSignInPresenter Instance { get; } = new();

    /// <inheritdoc />
    public void Show(string message)
    {
    }
}
