using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Mfa;
using Sesame.Core.Providers;

namespace Sesame.Core.Engine;

/// <summary>One link of a built chain, for <c>status</c>, <c>clear</c> and tests that inspect the tree.</summary>
/// <param name="Profile">The profile the link comes from.</param>
/// <param name="Description">What the link does.</param>
/// <param name="Layout">The link's layout (cache key, MFA device, refresh window).</param>
/// <param name="Provider">The live provider (undecorated).</param>
public sealed record ChainLink(string Profile, string Description, LinkLayout Layout, ICredentialProvider Provider)
{
    /// <summary>Where its credentials are cached, or <c>null</c> when they are not.</summary>
    public string? CacheKey => Layout.CacheKey;

    /// <summary>The MFA device this link sends a code for, if any.</summary>
    public string? MfaSerial => Layout.MfaSerial;
}

/// <summary>A profile's chain, built from its layout: the top provider to call, every link below it (base first), and the settings it was built with.</summary>
public sealed record BuiltChain(ChainLayout Layout, ICredentialProvider Top, IReadOnlyList<ChainLink> Links, IMfaCodeSource Mfa)
{
    /// <summary>The plan the chain was built from.</summary>
    public ChainPlan Plan => Layout.Plan;

    /// <summary>The engine settings in force.</summary>
    public EngineSettings Settings => Layout.Settings;
}

/// <summary>
/// Turns a <see cref="ChainPlan"/> into live providers: the base provider, an optional MFA
/// session (GetSessionToken, so every role behind one MFA device costs one prompt per session),
/// and one AssumeRole provider per hop, each temporary credential cached under a key derived from
/// everything that determines it.
/// </summary>
public sealed class ProviderFactory
{
    private readonly EngineServices _services;
    private readonly ProfileSet _profiles;
    private readonly AwsSettings _aws;
    private readonly EngineSettings _settings;
    private readonly IMfaCodeSource _mfa;
    private readonly Lazy<IStsClient> _sts;

    /// <summary>Creates a factory for chains selected under <paramref name="selected"/> (whose region and endpoints apply to every call).</summary>
    public ProviderFactory(EngineServices services, ProfileSet profiles, ConfigSection? selected, EngineSettings settings)
    {
        _services = services;
        _profiles = profiles;
        _aws = new AwsSettings(services.Environment, profiles, selected);
        _settings = settings;
        _mfa = services.Mfa ?? DefaultMfa(services, profiles, selected, _settings.HelperTimeout);
        _sts = new Lazy<IStsClient>(() => services.Sts().Create(_aws.EndpointFor(AwsService.Sts)));
    }

    /// <summary>The region and endpoint settings in force.</summary>
    public AwsSettings Aws => _aws;

    /// <summary>The engine settings in force.</summary>
    public EngineSettings Settings => _settings;

    /// <summary>The MFA code source in force.</summary>
    public IMfaCodeSource Mfa => _mfa;

    /// <summary>Builds one provider per link of a layout, each cached link wrapped in <see cref="CachingProvider"/>.</summary>
    public BuiltChain Build(ChainLayout layout)
    {
        var links = new List<ChainLink>(layout.Links.Count);
        ICredentialProvider? current = null;
        foreach (var link in layout.Links)
        {
            ICredentialProvider provider = link.Kind switch
            {
                LinkKind.Base => BuildBase(link.Source!),
                LinkKind.MfaSession => new SessionTokenProvider(current!, link.MfaSerial!, link.Profile, link.SessionSeconds, () => _sts.Value, _mfa),
                _ => new AssumeRoleProvider(current!, link.Step!, () => _sts.Value, link.MfaSerial is null ? null : _mfa, _services.Time),
            };
            var description = link.Kind switch
            {
                LinkKind.Base => provider.Name,
                LinkKind.MfaSession => $"GetSessionToken with MFA {link.MfaSerial}",
                _ => $"AssumeRole {link.Step!.RoleArn.Value}",
            };
            links.Add(new ChainLink(link.Profile, description, link, provider));
            current = link.IsCached ? Cached(provider, link) : provider;
        }

        return new BuiltChain(layout, current!, links, _mfa);
    }

    private ICredentialProvider BuildBase(BaseSource source)
    {
        var s = _services;
        switch (source)
        {
            case StaticKeysSource keys:
                return new StaticCredentialsProvider($"static keys {keys.Profile}", keys.ToCredentials());
            case StoredKeysSource stored:
                var store = s.StoredKeys ?? throw new CredentialsException($"profile '{stored.Profile}' keeps its keys in Sesame's secret store, but no store is configured");
                return new StoredKeysProvider(stored.Profile, store);
            case CredentialProcessSource process:
                return new CredentialProcessProvider(process.Profile, process.Command.Value, process.AccountId?.Value, s.Processes, s.Environment, s.Time, _settings.HelperTimeout);
            case SsoSource sso:
                // The portal client is created only when a call is made, never on the cached path.
                var portalEndpoint = _aws.EndpointFor(AwsService.Sso) with { Region = sso.Session.Region };
                var http = s.Http;
                return new SsoRoleProvider(sso, s.SsoTokens, () => SsoClientFactory.Portal(portalEndpoint, http, s.Time));
            case WebIdentitySource web:
                return new WebIdentityProvider(web.Profile, web.RoleArn, web.TokenFile, web.SessionName, () => _sts.Value, s.FileSystem, s.Time);
            case NamedSource { Source: CredentialSourceKind.Environment } named:
                return new CredentialSourceProvider(named.Profile, named.Source, new EnvironmentProvider(s.Environment, s.Time));
            case NamedSource { Source: CredentialSourceKind.Ec2InstanceMetadata } named:
                return new CredentialSourceProvider(named.Profile, named.Source, new ImdsProvider(s.Environment, _profiles.GetProfile(named.Profile), s.Http, s.Time));
            case NamedSource { Source: CredentialSourceKind.EcsContainer } named:
                return new CredentialSourceProvider(named.Profile, named.Source, new ContainerProvider(s.Environment, s.FileSystem, s.Http, s.Time));
            case SamlSource saml:
                var signIn = s.SamlSignIn ?? throw new CredentialsException($"profile '{saml.Profile}' signs in with SAML, which is not available here");
                var samlSettings = SamlLayout.Settings(_profiles, saml);
                return new SamlProvider(samlSettings, signIn(samlSettings), () => _sts.Value, s.Terminal, s.Locks, _settings.LockTimeout, s.Log);
            case LoginSessionSource login:
                throw new CredentialsException($"profile '{login.Profile}' uses login_session (the AWS CLI's 'aws login'); Sesame does not support console-login sessions yet: use 'aws login', or configure SSO or keys");
            default:
                throw new CredentialsException($"profile '{source.Profile}': unsupported credential source {source.Kind}");
        }
    }

    private CachingProvider Cached(ICredentialProvider provider, LinkLayout link)
        => new(provider, link.Key, link.Profile, _services.Cache, _services.Locks, _services.Time, link.RefreshWindow, _settings.LockTimeout, _services.Log);

    private static MfaCodeChain DefaultMfa(EngineServices services, ProfileSet profiles, ConfigSection? selected, TimeSpan helperTimeout)
    {
        var sources = new List<IMfaCodeSourceCandidate>();
        if (services.MfaToken is { } token)
        {
            sources.Add(new FixedMfaCode(token));
        }

        // mfa_process: the profile that needs the code, else the selected profile.
        sources.Add(new MfaProcessSource(
            profile => profiles.GetProfile(profile)?.GetString(Keys.MfaProcess) ?? selected?.GetString(Keys.MfaProcess),
            services.Processes,
            services.Environment,
            helperTimeout));
        if (services.StoredTotp is { } totp)
        {
            sources.Add(totp);
        }

        sources.Add(new TerminalMfaPrompt(services.Terminal));
        return new MfaCodeChain(sources);
    }
}
