namespace Sesame.Core.Saml.Secrets;

/// <summary>What a password is asked for.</summary>
/// <param name="IdpUrl">The IdP's sign-in URL (shown in prompts; no secrets in it).</param>
/// <param name="Username">The user name (<c>DOMAIN\user</c> or <c>user@domain</c>).</param>
/// <param name="Attempt">1, or 2 after the IdP refused the first password.</param>
/// <param name="Refusal">What the IdP said when it refused the first password (cleaned remote text), on attempt 2.</param>
public sealed record SamlPasswordRequest(string IdpUrl, string Username, int Attempt, string? Refusal = null);

/// <summary>
/// Where the IdP password comes from: the terminal without echo, standard input (<c>--password-stdin</c>),
/// a command (<c>sesame_saml_password_process</c>), or the secret store (only when the user asked for it to
/// be stored). The password is asked for only when the IdP shows its login form, so a remembered IdP
/// session never asks.
/// </summary>
public interface ISamlPasswordSource
{
    /// <summary>True when a password can be had without a person typing it (used by <c>status</c>).</summary>
    bool CanProvideWithoutInteraction(SamlPasswordRequest request);

    /// <summary>
    /// The password; the caller disposes it (zeroing it). Throws <see cref="Errors.InteractionRequiredException"/>
    /// when it would have to ask and cannot, and <see cref="SamlSignInException"/> when a second attempt
    /// cannot give a different password.
    /// </summary>
    Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken);
}
