using System.CommandLine;
using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Engine;
using Sesame.Core.Platform;
using Sesame.Core.Stores;

namespace Sesame.Cli.Commands;

/// <summary>
/// Everything a credential command needs, built once per run from the CLI context: the loaded
/// files, the engine and its services. The secret store is opened only when something needs it
/// (a cached session, stored keys, a stored TOTP seed), so a static-key profile never unlocks it.
/// </summary>
internal sealed class EngineAccess
{
    private readonly Lazy<SsoAccess> _sso;

    private EngineAccess(CliContext context, bool debug, string? mfaToken)
    {
        var loader = ConfigAccess.Loader(context);
        Locator = loader.Locator;

        // These commands run on every AWS call: a file version validated before is not re-checked line by line.
        Profiles = loader.Load(new ValidatedFiles(context.FileSystem, Path.Combine(SesamePaths.CacheDirectory(context.Environment, Locator), "validated-configs")));
        var factory = StoreAccess.Factory(context);
        var settings = new Lazy<StoreSettings>(() => StoreAccess.Settings(context, Profiles));
        // "No store yet" is not remembered: while this process waits for a lock, another one may create
        // the store and cache what this one is waiting for.
        ISecretStore? opened = null;
        var existing = () => opened ??= factory.OpenExisting(settings.Value);
        var created = new Lazy<ISecretStore>(() => existing() ?? factory.Open(settings.Value));
        var stores = new StoreAccessors(existing, () => opened ??= created.Value);
        var log = new CliLog(context.Error, debug);
        var locks = new FileLockProvider(SesamePaths.LockDirectory(context.Environment, Locator), context.Time, log);
        // Built on first use: a cached answer (the hot path) never needs IAM Identity Center.
        _sso = new Lazy<SsoAccess>(() => new SsoAccess(context, Locator, Profiles, log, locks));
        Services = new EngineServices
        {
            Environment = context.Environment,
            FileSystem = context.FileSystem,
            Time = context.Time,
            Processes = context.Processes,
            Terminal = context.Terminal,
            Log = log,
            Sts = context.Sts ?? (() => new SdkStsClientFactory(context.Http)),
            Http = context.Http,
            Cache = context.CredentialCache ?? StoreAccess.SessionCache(context, settings.Value, stores),
            Locks = locks,
            MfaToken = mfaToken,
            StoredTotp = new StoredTotpSource(stores, context.Time),
            StoredKeys = new StoredKeysAdapter(stores, context.Time),
            SsoTokens = new DeferredSsoTokenSource(() => Sso.TokenSource()),
        };
        Engine = new CredentialEngine(Services, Profiles);
    }

    public ConfigFileLocator Locator { get; }

    public ProfileSet Profiles { get; }

    public EngineServices Services { get; }

    /// <summary>IAM Identity Center: token cache, clients, login.</summary>
    public SsoAccess Sso => _sso.Value;

    public CredentialEngine Engine { get; }

    public static EngineAccess Open(CliContext context, ParseResult parseResult, string? mfaToken = null)
        => new(context, parseResult.GetValue(GlobalOptions.Debug), mfaToken);

    /// <summary>Opens without a parse result (the fast path of the hot commands).</summary>
    public static EngineAccess Open(CliContext context, bool debug, string? mfaToken = null) => new(context, debug, mfaToken);

    /// <summary>
    /// Resolves credentials for a named profile, or through the default chain when none is named
    /// (exactly like the AWS CLI: environment first, then AWS_PROFILE or default, …). Returns the
    /// credentials, the region in force and the profile shown to the user.
    /// </summary>
    public async Task<(AwsCredentials Credentials, string? Region, string Profile)> ResolveAsync(string? profile, CancellationToken cancellationToken)
    {
        if (profile is not null)
        {
            if (Engine.TryGetCached(profile, out var cached))
            {
                return (cached, new AwsSettings(Services.Environment, Profiles, Profiles.GetProfile(profile)).Region, profile);
            }

            var chain = Engine.ForProfile(profile);
            var credentials = await chain.Top.GetAsync(cancellationToken).ConfigureAwait(false);
            return (credentials, new AwsSettings(Services.Environment, Profiles, Profiles.GetProfile(profile)).Region, profile);
        }

        var selected = Locator.SelectedProfileOrNull;
        var fromChain = await Engine.DefaultChain().GetAsync(cancellationToken).ConfigureAwait(false);
        var settings = new AwsSettings(Services.Environment, Profiles, Profiles.GetProfile(selected ?? "default"));
        return (fromChain, settings.Region, selected ?? "default");
    }
}
