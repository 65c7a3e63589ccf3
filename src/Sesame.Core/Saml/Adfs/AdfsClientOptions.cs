namespace Sesame.Core.Saml.Adfs;

/// <summary>How <see cref="AdfsClient"/> talks to AD FS.</summary>
public sealed record AdfsClientOptions
{
    /// <summary>The IdP-initiated sign-on URL (see <see cref="AdfsUrls.SignOnUrl"/>).</summary>
    public required Uri SignOnUrl { get; init; }

    /// <summary>
    /// Integrated Windows authentication: the default handler sends the process's Kerberos/NTLM credentials
    /// (Negotiate through GSSAPI on Linux and macOS, SSPI on Windows) and an Internet Explorer user agent,
    /// which is what AD FS offers Windows authentication to (aws-adfs does the same with <c>--sspi</c>).
    /// </summary>
    public bool IntegratedWindowsAuthentication { get; init; }

    /// <summary>The handler to send requests through (tests; a proxy); <c>null</c> for a new <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Ask AD FS to "keep me signed in" (<c>Kmsi=true</c>) so its cookies outlive the browser session they assume.</summary>
    public bool KeepMeSignedIn { get; init; } = true;

    /// <summary>How long to wait for a push approval (Azure MFA) before giving up.</summary>
    public TimeSpan MfaTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a pending push approval is polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest one request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>AD FS URLs.</summary>
public static class AdfsUrls
{
    /// <summary>AWS's relying-party identifier, aws-adfs's and saml2aws's default.</summary>
    public const string AwsRelyingParty = "urn:amazon:webservices";

    /// <summary>The path of AD FS's IdP-initiated sign-on page.</summary>
    public const string SignOnPath = "/adfs/ls/IdpInitiatedSignOn.aspx";

    /// <summary>
    /// The sign-on URL for a configured value: a bare host or origin (<c>adfs.example.com</c>,
    /// <c>https://adfs.example.com</c>) becomes <c>https://HOST/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=RP</c>;
    /// a URL with a path is used as given. Plain http is allowed only for loopback hosts (tests, the sandbox).
    /// </summary>
    public static Uri SignOnUrl(string configured, string? relyingParty = null)
    {
        var text = configured.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            throw new Errors.ConfigException($"{SamlKeys.Url}: '{RemoteText.Clean(configured)}' is not an https URL or host name");
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            throw new Errors.ConfigException($"{SamlKeys.Url}: {uri.GetLeftPart(UriPartial.Authority)} is plain http; a password is sent there, so only https (or a loopback test server) is accepted");
        }

        return uri.AbsolutePath is "" or "/"
            ? new Uri(uri, SignOnPath + "?loginToRp=" + Uri.EscapeDataString(relyingParty ?? AwsRelyingParty))
            : uri;
    }
}
