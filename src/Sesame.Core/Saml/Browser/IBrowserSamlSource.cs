namespace Sesame.Core.Saml.Browser;

/// <summary>What a browser sign-in starts from.</summary>
/// <param name="SignInUrl">The IdP's sign-in page (IdP-initiated, ending at AWS's SAML endpoint).</param>
/// <param name="Cookies">Cookies of a remembered IdP session to put in the browser first.</param>
/// <param name="BrowserPath">An explicit browser executable, or <c>null</c> to look for one.</param>
public sealed record BrowserSignInRequest(Uri SignInUrl, IReadOnlyList<IdpCookie> Cookies, string? BrowserPath);

/// <summary>The SAMLResponse the browser posted, and the IdP's cookies to remember.</summary>
/// <param name="SamlResponse">The base64 SAMLResponse exactly as posted. A secret.</param>
/// <param name="Cookies">The browser's cookies after the sign-in. Secrets.</param>
public sealed record BrowserSignInResult(string SamlResponse, IReadOnlyList<IdpCookie> Cookies)
{
    /// <inheritdoc />
    public override string ToString() => $"BrowserSignInResult {{ ** SAMLResponse redacted **, {Cookies.Count} cookies }}";
}

/// <summary>Signs in at any IdP in a real browser and takes the SAMLResponse it would post to AWS.</summary>
public interface IBrowserSamlSource
{
    /// <summary>Opens the browser, lets the user sign in, and returns the captured SAMLResponse.</summary>
    Task<BrowserSignInResult> SignInAsync(BrowserSignInRequest request, CancellationToken cancellationToken);
}
