using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Settings;
using Sesame.Core.Sso;

namespace Sesame.Core.Runtime;

/// <summary>
/// IAM Identity Center for the runtime: the AWS CLI's token cache, clients for a session's region
/// (endpoints by the AWS CLI rules of the profile in force), the browser, sign-in, and the one
/// refreshing, single-flight token source every credential resolution uses. Nothing here loads the
/// AWS SDK until a client is asked for.
/// </summary>
public sealed class SsoServices
{
    private readonly RuntimeSeams _seams;
    private readonly ConfigFileLocator _locator;
    private readonly Func<ProfileSet> _profiles;
    private readonly ILockProvider _locks;
    private readonly Lazy<ISsoClientFactory> _clients;
    private readonly Lazy<ISsoClientFactory> _listingClients;

    internal SsoServices(RuntimeSeams seams, ConfigFileLocator locator, Func<ProfileSet> profiles, ILockProvider locks)
    {
        _seams = seams;
        _locator = locator;
        _profiles = profiles;
        _locks = locks;
        Cache = new SsoTokenCache(locator, seams.FileSystem);
        Browser = seams.Browser ?? new SystemBrowser(seams.Environment);
        _clients = new Lazy<ISsoClientFactory>(() => seams.SsoClients?.Invoke() ?? new SsoClientFactory(seams.Http, seams.Time));

        // Listings pace and retry themselves (sso populate); the client's own retries would fight their backoff.
        _listingClients = new Lazy<ISsoClientFactory>(() => seams.SsoClients?.Invoke() ?? new SsoClientFactory((seams.Http ?? new AwsHttpOptions()) with { MaxAttempts = 1 }, seams.Time));
    }

    /// <summary>The AWS CLI's token cache (<c>~/.aws/sso/cache</c>).</summary>
    public SsoTokenCache Cache { get; }

    /// <summary>The browser sign-in pages open in.</summary>
    public IBrowser Browser { get; }

    /// <summary>Whether credential commands may start a browser sign-in (<c>SESAME_SSO_AUTO_LOGIN</c>, default true).</summary>
    public bool AutoLoginEnabled => new SettingsSource(_seams.Environment, null).Flag(SettingCatalog.SsoAutoLogin, fallback: true);

    /// <summary>The session of an <c>[sso-session]</c> section.</summary>
    public SsoSession Named(string name) => SsoSession.Named(_profiles(), name);

    /// <summary>The session a profile signs in with (the chain planner's rules).</summary>
    public SsoSession ForProfile(string profile) => SsoSession.ForProfile(_profiles(), profile);

    /// <summary>The OIDC client for a session, with the endpoint settings of its profile (else the selected profile).</summary>
    public ISsoOidcClient Oidc(SsoSession session) => _clients.Value.CreateOidc(Endpoint(AwsService.SsoOidc, session));

    /// <summary>The portal client for a session.</summary>
    public ISsoPortalClient Portal(SsoSession session) => _clients.Value.CreatePortal(Endpoint(AwsService.Sso, session));

    /// <summary>A portal client for long listings: one attempt per call (the caller retries with its own backoff).</summary>
    public ISsoPortalClient ListingPortal(SsoSession session) => _listingClients.Value.CreatePortal(Endpoint(AwsService.Sso, session));

    /// <summary>A login that reports through <paramref name="presenter"/>.</summary>
    public SsoLogin Login(ISsoLoginPresenter presenter)
        => new(Cache, Oidc, Browser, presenter, _seams.Time, _seams.Log);

    /// <summary>
    /// The token source: refresh without a browser, single flight across processes, and — when
    /// <paramref name="allowLogin"/>, a terminal is available and <c>SESAME_SSO_AUTO_LOGIN</c> allows it —
    /// a sign-in on the terminal when no token can be had otherwise.
    /// </summary>
    public RefreshingSsoTokenSource TokenSource(bool allowLogin = true)
    {
        ISsoInteractiveLogin? login = allowLogin && AutoLoginEnabled
            ? new WhenTerminal(new TerminalSsoLogin(Login, _seams.Terminal, Browser), _seams.Terminal)
            : null;
        return new RefreshingSsoTokenSource(Cache, Oidc, _locks, _seams.Time, _seams.Log, login);
    }

    /// <summary>Whether a session's token is usable or renewable without a browser, from the cache file alone (for <c>status</c>).</summary>
    public bool IsUsableWithoutBrowser(SsoSession session) => RefreshingSsoTokenSource.IsUsableWithoutBrowser(Cache, session, _seams.Time.GetUtcNow());

    /// <summary>Ends sessions (portal logout, token files, the AWS CLI's cached role credentials).</summary>
    public SsoLogout Logout() => new(Cache, region => _clients.Value.CreatePortal(Settings(null).EndpointFor(AwsService.Sso) with { Region = region }), _locator, _seams.Time, _seams.Log);

    private AwsEndpoint Endpoint(AwsService service, SsoSession session)
        => Settings(session.Profile.Length == 0 ? null : session.Profile).EndpointFor(service) with { Region = session.Region };

    private AwsSettings Settings(string? profile)
    {
        var profiles = _profiles();
        return new AwsSettings(_seams.Environment, profiles, profiles.GetProfile(profile ?? _locator.SelectedProfile));
    }

    // The terminal is looked for only when a login is actually needed (opening /dev/tty costs a syscall).
    private sealed class WhenTerminal(ISsoInteractiveLogin inner, ITerminal terminal) : ISsoInteractiveLogin
    {
        public bool IsAvailable => terminal.IsAvailable;

        public Task<SsoTokenFile> LoginAsync(SsoSession session, string reason, CancellationToken cancellationToken)
            => inner.LoginAsync(session, reason, cancellationToken);
    }
}
