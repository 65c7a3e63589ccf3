using Sesame.Core.Aws;
using Sesame.Core.Saml.Adfs;
using Sesame.Core.Saml.Browser;
using Sesame.Core.Stores;

namespace Sesame.Core.Saml;

/// <summary>A sign-in that produced an assertion.</summary>
/// <param name="Assertion">The SAMLResponse and its roles.</param>
/// <param name="ReusedSession">True when the remembered IdP session was enough (no password, no second factor, no person).</param>
/// <param name="AskedPassword">True when a password was needed.</param>
/// <param name="AskedMfa">True when a second factor was needed.</param>
public sealed record SamlSignInResult(SamlAssertion Assertion, bool ReusedSession, bool AskedPassword, bool AskedMfa);

/// <summary>What the next sign-in of a profile will need, from metadata only (for <c>status</c>).</summary>
public enum SamlSignInNeed
{
    /// <summary>A remembered IdP session exists: no password, no MFA (unless the IdP ended it early).</summary>
    RememberedSession,

    /// <summary>A password can be had without a person (command or store), though MFA may still be asked.</summary>
    PasswordWithoutPerson,

    /// <summary>A person must sign in (password, browser).</summary>
    Person,
}

/// <summary>
/// The SAML sign-in of a profile, tied together: the remembered IdP session first, else AD FS (forms or
/// integrated authentication, MFA adapters) or the browser; the assertion's roles; then credentials for one
/// role through AssumeRoleWithSAML with the duration rule. Successful sign-ins remember the IdP's cookies
/// (encrypted, per IdP URL and user) until <see cref="SamlProfileSettings.SessionLifetime"/> has passed; a
/// failed one forgets them. Nothing here writes to a console.
/// </summary>
public sealed class SamlSignIn
{
    private readonly SamlSignInServices _services;

    /// <summary>Creates the service.</summary>
    public SamlSignIn(SamlSignInServices services) => _services = services;

    /// <summary>The sign-on URL of a profile (AD FS's IdP-initiated page for a bare host).</summary>
    public static Uri SignOnUrl(SamlProfileSettings settings)
        => settings.Provider == SamlProviderKind.Adfs ? AdfsUrls.SignOnUrl(settings.Url, settings.RelyingParty) : BrowserUrl(settings.Url);

    /// <summary>Signs in and returns the assertion.</summary>
    /// <param name="settings">The profile's settings.</param>
    /// <param name="reuseSession">False to ignore (and replace) a remembered IdP session, as <c>saml login --force</c> would.</param>
    /// <param name="cancellationToken">Cancels the sign-in.</param>
    public async Task<SamlSignInResult> SignInAsync(SamlProfileSettings settings, bool reuseSession, CancellationToken cancellationToken)
    {
        var url = SignOnUrl(settings);
        var username = settings.Username ?? string.Empty;
        var store = Sessions();
        var now = _services.Time.GetUtcNow();
        IdpSessionInfo? remembered = null;
        var jar = new IdpCookieJar();
        if (reuseSession && store is not null && store.Peek(url, username) is { } info)
        {
            try
            {
                if (store.TryGet(url, username, out var cookies))
                {
                    jar.Import(cookies, now);
                    remembered = info;
                }
            }
            catch (SecretStoreException e)
            {
                _services.Log.Warn($"the remembered sign-in at {url.Host} could not be read ({e.Message}); signing in again");
            }
        }

        SamlSignInResult result;
        try
        {
            result = settings.Provider == SamlProviderKind.Browser
                ? await BrowserAsync(settings, url, jar, cancellationToken).ConfigureAwait(false)
                : await AdfsAsync(settings, url, jar, cancellationToken).ConfigureAwait(false);
        }
        catch (SamlSignInException) when (remembered is not null)
        {
            Forget(store!, url, username);
            throw;
        }

        if (!result.Assertion.IsUsableAt(_services.Time.GetUtcNow()))
        {
            throw new SamlSignInException(SamlFailure.BadAssertion, "the identity provider sent an assertion that has already expired; check this computer's clock");
        }

        Remember(store, url, username, jar, settings, result.ReusedSession ? remembered?.Expires : null);
        return result;
    }

    /// <summary>
    /// The role to use: <paramref name="roleArn"/> (a flag), else the profile's, else the only one; <c>null</c> when
    /// several remain (the caller lets the user pick). Throws <see cref="SamlSignInException"/> when an asked-for role
    /// is not offered.
    /// </summary>
    public static SamlRole? PickRole(IReadOnlyList<SamlRole> roles, string? roleArn, string? principalArn)
    {
        if (roleArn is not null)
        {
            var matches = roles.Where(r => r.RoleArn == roleArn && (principalArn is null || r.PrincipalArn == principalArn)).ToList();
            return matches.Count switch
            {
                0 => throw new SamlSignInException(SamlFailure.NoSuchRole,
                    $"the identity provider does not offer {roleArn}{(principalArn is null ? string.Empty : $" with {principalArn}")}; it offers: {string.Join(", ", roles.Select(r => r.RoleArn))}"),
                1 => matches[0],
                _ => throw new SamlSignInException(SamlFailure.NoSuchRole,
                    $"{roleArn} is offered with several SAML providers ({string.Join(", ", matches.Select(m => m.PrincipalArn))}); set {SamlKeys.PrincipalArn}"),
            };
        }

        return roles.Count == 1 ? roles[0] : null;
    }

    /// <summary>AssumeRoleWithSAML for <paramref name="role"/> with the duration rule (<see cref="SamlRoleAssumer"/>).</summary>
    /// <param name="assertion">The assertion from <see cref="SignInAsync"/>.</param>
    /// <param name="role">The role (see <see cref="PickRole"/>).</param>
    /// <param name="sts">An STS client at the profile's endpoint (<c>AWS_ENDPOINT_URL_STS</c> and the usual rules).</param>
    /// <param name="askedSeconds">A duration flag, else the profile's <see cref="SamlProfileSettings.DurationSeconds"/>.</param>
    /// <param name="roleMaximumSeconds">The role's MaxSessionDuration when known, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<SamlRoleCredentials> AssumeRoleAsync(SamlAssertion assertion, SamlRole role, IStsClient sts, int? askedSeconds, int? roleMaximumSeconds, CancellationToken cancellationToken)
        => new SamlRoleAssumer(sts).AssumeAsync(assertion, role, askedSeconds, roleMaximumSeconds, cancellationToken);

    /// <summary>Account id → name from AWS's SAML sign-in page (best effort; empty on any failure).</summary>
    public Task<IReadOnlyDictionary<string, string>> AccountNamesAsync(SamlProfileSettings settings, SamlAssertion assertion, CancellationToken cancellationToken)
        => AwsSignInAccounts.FetchAsync(AwsSignInAccounts.EndpointFor(assertion, settings.SignInUrl), assertion, _services.Http, _services.Time, _services.Log, cancellationToken);

    /// <summary>What the next sign-in will need, from metadata only (never unlocks, never reaches the IdP).</summary>
    public SamlSignInNeed Assess(SamlProfileSettings settings)
    {
        var url = SignOnUrl(settings);
        if (Sessions()?.HasValid(url, settings.Username ?? string.Empty) == true)
        {
            return SamlSignInNeed.RememberedSession;
        }

        return settings.Provider == SamlProviderKind.Adfs && settings.Username is { } user
            && (settings.IntegratedAuthentication || _services.Passwords.CanProvideWithoutInteraction(new Secrets.SamlPasswordRequest(url.GetLeftPart(UriPartial.Path), user, 1)))
            ? SamlSignInNeed.PasswordWithoutPerson
            : SamlSignInNeed.Person;
    }

    /// <summary>Forgets the remembered IdP session of a profile's IdP and user (<c>saml logout</c>). True when there was one.</summary>
    public bool Forget(SamlProfileSettings settings)
        => Sessions() is { } store && store.Remove(SignOnUrl(settings), settings.Username ?? string.Empty);

    private async Task<SamlSignInResult> AdfsAsync(SamlProfileSettings settings, Uri url, IdpCookieJar jar, CancellationToken cancellationToken)
    {
        var client = new AdfsClient(new AdfsClientOptions
        {
            SignOnUrl = url,
            IntegratedWindowsAuthentication = settings.IntegratedAuthentication,
            Handler = _services.Http,
            MfaTimeout = _services.MfaTimeout,
            PollInterval = _services.PollInterval,
        }, _services.Time);
        var request = new AdfsSignInRequest(settings.Username ?? string.Empty, _services.Passwords, _services.MfaCodes, _services.Presenter, settings.EffectiveMfaDevice);
        var result = await client.SignInAsync(request, jar, cancellationToken).ConfigureAwait(false);
        return new SamlSignInResult(result.Assertion, result.ReusedSession, result.AskedPassword, result.AskedMfa);
    }

    private async Task<SamlSignInResult> BrowserAsync(SamlProfileSettings settings, Uri url, IdpCookieJar jar, CancellationToken cancellationToken)
    {
        var browser = _services.Browser ?? throw new SamlSignInException(SamlFailure.Browser, "browser sign-in is not available here (no Chromium, Chrome or Edge was found)");
        var result = await browser.SignInAsync(new BrowserSignInRequest(url, jar.Export(_services.Time.GetUtcNow()), settings.BrowserPath), cancellationToken).ConfigureAwait(false);
        jar.Import(result.Cookies, _services.Time.GetUtcNow());
        var assertion = SamlAssertion.Parse(result.SamlResponse);
        // A person signed in (or the remembered cookies did); the browser cannot tell which.
        return new SamlSignInResult(assertion, ReusedSession: false, AskedPassword: true, AskedMfa: false);
    }

    private void Remember(IdpSessionStore? store, Uri url, string username, IdpCookieJar jar, SamlProfileSettings settings, DateTimeOffset? keepExpiry)
    {
        if (store is null)
        {
            return;
        }

        var now = _services.Time.GetUtcNow();
        var cookies = jar.Export(now);
        try
        {
            if (cookies.Count == 0)
            {
                store.Remove(url, username);
                return;
            }

            // A reused session keeps the expiry of the sign-in that opened it: the IdP counts from there.
            store.Put(url, username, cookies, keepExpiry ?? now + settings.SessionLifetime);
        }
        catch (SecretStoreException e)
        {
            // The sign-in worked; only the memory of it failed.
            _services.Log.Warn($"the sign-in at {url.Host} could not be remembered ({e.Message}); the next one will ask again");
        }
    }

    private void Forget(IdpSessionStore store, Uri url, string username)
    {
        try
        {
            store.Remove(url, username);
        }
        catch (SecretStoreException e)
        {
            _services.Log.Debug($"could not forget the remembered sign-in at {url.Host}: {e.Message}");
        }
    }

    private IdpSessionStore? Sessions() => _services.Sessions?.Invoke();

    private static Uri BrowserUrl(string configured)
    {
        var text = configured.Trim();
        if (!Uri.TryCreate(text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http") || (uri.Scheme == "http" && !uri.IsLoopback))
        {
            throw new Errors.ConfigException($"{SamlKeys.Url}: '{RemoteText.Clean(configured)}' is not an https URL");
        }

        return uri;
    }
}
