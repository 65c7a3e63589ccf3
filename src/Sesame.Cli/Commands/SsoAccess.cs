using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Sso;

namespace Sesame.Cli.Commands;

/// <summary>
/// The IAM Identity Center pieces a command needs, built from the CLI context: the token cache,
/// clients for a session's region (endpoints by the AWS CLI rules of the profile in force), the
/// browser, the login and the refreshing token source. Nothing here loads the AWS SDK until a
/// client is asked for.
/// </summary>
internal sealed class SsoAccess
{
    private readonly CliContext _context;
    private readonly ProfileSet _profiles;
    private readonly ILog _log;
    private readonly ILockProvider _locks;
    private readonly Lazy<ISsoClientFactory> _clients;

    public SsoAccess(CliContext context, ConfigFileLocator locator, ProfileSet profiles, ILog log, ILockProvider locks, AwsHttpOptions? http = null)
    {
        _context = context;
        _profiles = profiles;
        _log = log;
        _locks = locks;
        Locator = locator;
        Cache = new SsoTokenCache(locator, context.FileSystem);
        Browser = context.Browser ?? new SystemBrowser(context.Environment);
        var options = http ?? context.Http;
        _clients = new Lazy<ISsoClientFactory>(() => context.SsoClients?.Invoke() ?? new SdkSsoClientFactory(options));
    }

    public ConfigFileLocator Locator { get; }

    public SsoTokenCache Cache { get; }

    public IBrowser Browser { get; }

    /// <summary>The OIDC client for a region, with the endpoint settings of <paramref name="profile"/> (else the selected profile).</summary>
    public ISsoOidcClient Oidc(string region, string? profile = null)
        => _clients.Value.CreateOidc(Settings(profile).EndpointFor(AwsService.SsoOidc) with { Region = region });

    /// <summary>The portal client for a region.</summary>
    public ISsoPortalClient Portal(string region, string? profile = null)
        => _clients.Value.CreatePortal(Settings(profile).EndpointFor(AwsService.Sso) with { Region = region });

    /// <summary>A login that reports through <paramref name="presenter"/>.</summary>
    public SsoLogin Login(ISsoLoginPresenter presenter)
        => new(Cache, region => Oidc(region), Browser, presenter, _context.Time, _log);

    /// <summary>
    /// The token source every credential command uses: refresh without a browser, single flight, and a
    /// login on the terminal when one is possible and not switched off (<c>SESAME_SSO_AUTO_LOGIN=false</c>).
    /// </summary>
    public RefreshingSsoTokenSource TokenSource(bool allowLogin = true)
    {
        ISsoInteractiveLogin? login = allowLogin && AutoLoginEnabled(_context.Environment)
            ? new WhenTerminal(new TerminalSsoLogin(Login, _profiles, _context.Terminal, Browser), _context.Terminal)
            : null;
        return new RefreshingSsoTokenSource(Cache, request => Oidc(request.Region, request.Profile), _locks, _context.Time, _log, login);
    }

    /// <summary>Whether a credential command may start a browser login (default yes, when it has a terminal).</summary>
    public static bool AutoLoginEnabled(IEnvironment environment)
        => environment.GetNonBlank("SESAME_SSO_AUTO_LOGIN")?.Trim().ToLowerInvariant() switch
        {
            null or "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var other => throw new Core.Errors.SesameException($"SESAME_SSO_AUTO_LOGIN '{other}' must be true or false", Core.Errors.ExitCodes.ConfigError),
        };

    private AwsSettings Settings(string? profile)
        => new(_context.Environment, _profiles, _profiles.GetProfile(string.IsNullOrEmpty(profile) ? Locator.SelectedProfile : profile));

    // The terminal is looked for only when a login is actually needed (opening /dev/tty costs a syscall).
    private sealed class WhenTerminal(ISsoInteractiveLogin inner, ITerminal terminal) : ISsoInteractiveLogin
    {
        public bool IsAvailable => terminal.IsAvailable;

        public Task<SsoTokenFile> LoginAsync(SsoTokenRequest request, string reason, CancellationToken cancellationToken)
            => inner.LoginAsync(request, reason, cancellationToken);
    }
}

/// <summary>A token source built on first use (so a cached answer never builds the SSO pieces).</summary>
internal sealed class DeferredSsoTokenSource(Func<ISsoTokenSource> create) : ISsoTokenSource
{
    private ISsoTokenSource? _source;

    public Task<SsoToken> GetTokenAsync(SsoTokenRequest request, CancellationToken cancellationToken = default)
        => (_source ??= create()).GetTokenAsync(request, cancellationToken);
}
