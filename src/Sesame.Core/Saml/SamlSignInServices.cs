using Sesame.Core.Platform;
using Sesame.Core.Saml.Browser;
using Sesame.Core.Saml.Secrets;

namespace Sesame.Core.Saml;

/// <summary>The seams a SAML sign-in uses; each may be a test double.</summary>
public sealed record SamlSignInServices
{
    /// <summary>The clock (session expiry, push polling, timeouts).</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Where the IdP password comes from (asked only when the IdP shows its login form).</summary>
    public required ISamlPasswordSource Passwords { get; init; }

    /// <summary>Where one-time codes come from.</summary>
    public required ISamlMfaCodeSource MfaCodes { get; init; }

    /// <summary>Shows push-approval instructions and the number to match.</summary>
    public ISamlSignInPresenter Presenter { get; init; } = NullSamlSignInPresenter.Instance;

    /// <summary>
    /// The remembered IdP sessions, or <c>null</c> (nothing is remembered). Called when needed; return <c>null</c>
    /// when no secret store is in use, so reading never creates one.
    /// </summary>
    public Func<IdpSessionStore?>? Sessions { get; init; }

    /// <summary>The HTTP handler for the IdP and AWS's sign-in page (tests, proxies), or <c>null</c> for Sesame's own.</summary>
    public HttpMessageHandler? Http { get; init; }

    /// <summary>The browser sign-in, or <c>null</c> when browser profiles cannot be used here.</summary>
    public IBrowserSamlSource? Browser { get; init; }

    /// <summary>Diagnostics (never secrets).</summary>
    public ILog Log { get; init; } = NullLog.Instance;

    /// <summary>How long to wait for a push approval at AD FS.</summary>
    public TimeSpan MfaTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a pending push approval is polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
