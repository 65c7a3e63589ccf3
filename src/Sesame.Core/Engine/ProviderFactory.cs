using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Mfa;
using Sesame.Core.Providers;
using Sesame.Core.Sso;

namespace Sesame.Core.Engine;

/// <summary>One link of a built chain, for <c>status</c>, <c>clear</c> and tests that inspect the tree.</summary>
/// <param name="Profile">The profile the link comes from.</param>
/// <param name="Description">What the link does.</param>
/// <param name="CacheKey">Where its credentials are cached, or <c>null</c> when they are not.</param>
/// <param name="MfaSerial">The MFA device this link sends a code for, if any.</param>
/// <param name="Provider">The live provider (undecorated).</param>
public sealed record ChainLink(string Profile, string Description, string? CacheKey, string? MfaSerial, ICredentialProvider Provider);

/// <summary>A profile's chain, built: the top provider to call, every link below it (base first), and the settings it was built with.</summary>
public sealed record BuiltChain(ChainPlan Plan, ICredentialProvider Top, IReadOnlyList<ChainLink> Links, EngineSettings Settings, IMfaCodeSource Mfa);

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
    public ProviderFactory(EngineServices services, ProfileSet profiles, ConfigSection? selected)
    {
        _services = services;
        _profiles = profiles;
        _aws = new AwsSettings(services.Environment, profiles, selected);
        _settings = EngineSettings.Read(services.Environment, selected);
        _mfa = services.Mfa ?? DefaultMfa(services, profiles, selected, _settings.HelperTimeout);
        _sts = new Lazy<IStsClient>(() => services.Sts().Create(_aws.EndpointFor(AwsService.Sts)));
    }

    /// <summary>The region and endpoint settings in force.</summary>
    public AwsSettings Aws => _aws;

    /// <summary>The engine settings in force.</summary>
    public EngineSettings Settings => _settings;

    /// <summary>The MFA code source in force.</summary>
    public IMfaCodeSource Mfa => _mfa;

    /// <summary>Builds the providers for a plan.</summary>
    public BuiltChain Build(ChainPlan plan)
    {
        var links = new List<ChainLink>();
        var (current, key) = BuildBase(plan.Base, links);
        var callerIsMfaSession = false;
        var (sessionSerial, sessionProfile) = ChainKeys.SessionSerial(plan, _settings, _profiles);
        if (sessionSerial is not null)
        {
            var duration = (int)_settings.SessionDuration.TotalSeconds;
            var session = new SessionTokenProvider(current, sessionSerial, sessionProfile!, duration, () => _sts.Value, _mfa);
            key = ChainKeys.ForSession(key, sessionSerial, duration);
            current = Cached(session, key, sessionProfile!);
            links.Add(new ChainLink(sessionProfile!, $"GetSessionToken with MFA {sessionSerial}", key, sessionSerial, session));
            callerIsMfaSession = true;
        }

        foreach (var step in plan.Roles)
        {
            var sendMfa = ChainKeys.SendsMfa(step, callerIsMfaSession, sessionSerial);
            var provider = new AssumeRoleProvider(current, step, () => _sts.Value, sendMfa ? _mfa : null, _services.Time);
            key = ChainKeys.ForRole(key, step, sendMfa);
            current = Cached(provider, key, step.Profile);
            links.Add(new ChainLink(step.Profile, $"AssumeRole {step.RoleArn.Value}", key, sendMfa ? step.MfaSerial!.Value : null, provider));
            callerIsMfaSession = false;
        }

        return new BuiltChain(plan, current, links, _settings, _mfa);
    }

    private (ICredentialProvider Provider, string Key) BuildBase(BaseSource source, List<ChainLink> links)
    {
        var s = _services;
        ICredentialProvider provider;
        var (key, cache) = ChainKeys.ForBase(source, s.Environment, s.StoredKeys);
        switch (source)
        {
            case StaticKeysSource keys:
                provider = new StaticCredentialsProvider($"static keys {keys.Profile}", keys.ToCredentials());
                break;
            case StoredKeysSource stored:
                var store = s.StoredKeys ?? throw new CredentialsException($"profile '{stored.Profile}' keeps its keys in Sesame's secret store, but no store is configured");
                provider = new StoredKeysProvider(stored.Profile, store);
                break;
            case CredentialProcessSource process:
                provider = new CredentialProcessProvider(process.Profile, process.Command.Value, process.AccountId?.Value, s.Processes, s.Environment, s.Time, _settings.HelperTimeout);
                break;
            case SsoSource sso:
                // The portal client (AWS SDK) is created only when a call is made, never on the cached path.
                var portalEndpoint = _aws.EndpointFor(AwsService.Sso) with { Region = sso.Region };
                var http = s.Http;
                provider = new SsoRoleProvider(
                    sso,
                    s.SsoTokens ?? new SsoCacheTokenSource(new ConfigFileLocator(s.Environment), s.FileSystem, s.Time),
                    () => new SdkSsoPortalClient(portalEndpoint, http));
                break;
            case WebIdentitySource web:
                provider = new WebIdentityProvider(web.Profile, web.RoleArn, web.TokenFile, web.SessionName, () => _sts.Value, s.FileSystem, s.Time);
                break;
            case NamedSource { Source: CredentialSourceKind.Environment } named:
                provider = new CredentialSourceProvider(named.Profile, named.Source, new EnvironmentProvider(s.Environment, s.Time));
                break;
            case NamedSource { Source: CredentialSourceKind.Ec2InstanceMetadata } named:
                provider = new CredentialSourceProvider(named.Profile, named.Source, new ImdsProvider(s.Environment, _profiles.GetProfile(named.Profile), s.Http, s.Time));
                break;
            case NamedSource { Source: CredentialSourceKind.EcsContainer } named:
                provider = new CredentialSourceProvider(named.Profile, named.Source, new ContainerProvider(s.Environment, s.FileSystem, s.Http, s.Time));
                break;
            case LoginSessionSource login:
                throw new CredentialsException($"profile '{login.Profile}' uses login_session (the AWS CLI's 'aws login'); Sesame does not support console-login sessions yet: use 'aws login', or configure SSO or keys");
            default:
                throw new CredentialsException($"profile '{source.Profile}': unsupported credential source {source.Kind}");
        }

        links.Add(new ChainLink(source.Profile, provider.Name, cache ? key : null, null, provider));
        return (cache ? Cached(provider, key, source.Profile) : provider, key);
    }

    private CachingProvider Cached(ICredentialProvider provider, string key, string profile)
        => new CachingProvider(provider, key, profile, _services.Cache, _services.Locks, _services.Time, _settings.RefreshWindow, _settings.LockTimeout, _services.Log);

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
