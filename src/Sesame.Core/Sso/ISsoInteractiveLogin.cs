using Sesame.Core.Config;

namespace Sesame.Core.Sso;

/// <summary>
/// Starts a browser login on behalf of a provider that found no usable token (a
/// <c>credential_process</c> or <c>exec</c> run from a terminal). Supplied only when the user can
/// be reached (a controlling terminal, and a browser or the terminal to show the URL on); without
/// it, a missing or unrenewable token fails fast with the login command to run.
/// </summary>
public interface ISsoInteractiveLogin
{
    /// <summary>True when the user can be reached now (checked only when a login is needed).</summary>
    bool IsAvailable => true;

    /// <summary>Logs in for the session of <paramref name="session"/>, writes the token cache, and returns the new token.</summary>
    /// <param name="session">The session.</param>
    /// <param name="reason">Why a login is needed (shown to the user).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<SsoTokenFile> LoginAsync(SsoSession session, string reason, CancellationToken cancellationToken);
}
