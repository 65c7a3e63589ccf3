using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Editing;
using Sesame.Core.Credentials;
using Sesame.Core.Engine;
using Sesame.Core.Platform;
using Sesame.Core.Settings;
using Sesame.Core.ShellIntegration;

namespace Sesame.Core.Runtime;

/// <summary>
/// The composition root: one object, built from the narrow seams (<see cref="RuntimeSeams"/>), that
/// owns the loaded files, the lazily opened secret store, the session cache, the cross-process locks,
/// IAM Identity Center (token cache, refresh, sign-in) and the credential engine — everything the
/// CLI, the local servers and .NET programs (<c>Sesame.SesameCredentials</c>) need, wired once.
/// Building one costs nothing: each part is created when first used, so a cached answer opens no
/// store it does not need and never loads the AWS SDK.
/// </summary>
public sealed class SesameRuntime
{
    private readonly Lazy<ProfileSet> _profiles;
    private readonly Lazy<StoreServices> _stores;
    private readonly Lazy<SsoServices> _sso;
    private readonly Lazy<SamlServices> _saml;
    private readonly Lazy<EngineServices> _engineServices;
    private readonly Lazy<CredentialEngine> _engine;
    private readonly Lazy<FileLockProvider> _locks;

    /// <summary>Creates the runtime.</summary>
    public SesameRuntime(RuntimeSeams seams, RuntimeOptions? options = null)
    {
        Seams = seams;
        Options = options ?? RuntimeOptions.Default;
        Locator = new ConfigFileLocator(seams.Environment);

        // Credential commands run on every AWS call: a file version validated before is not re-checked line by line.
        _profiles = new Lazy<ProfileSet>(() => new ConfigLoader(seams.FileSystem, seams.Environment)
            .Load(Options.RememberValidatedConfigs || Options.ReadValidatedConfigs
                ? new ValidatedFiles(seams.FileSystem, SesamePaths.ValidatedConfigs(seams.Environment, Locator)) { ReadOnly = !Options.RememberValidatedConfigs }
                : null));
        _locks = new Lazy<FileLockProvider>(() => new FileLockProvider(SesamePaths.LockDirectory(seams.Environment, Locator), seams.Time, seams.Log));
        _stores = new Lazy<StoreServices>(() => new StoreServices(seams, () => Profiles));
        _sso = new Lazy<SsoServices>(() => new SsoServices(seams, Locator, () => Profiles, Locks));
        _saml = new Lazy<SamlServices>(() => new SamlServices(seams, Stores, Options));
        _engineServices = new Lazy<EngineServices>(CreateEngineServices);
        _engine = new Lazy<CredentialEngine>(() => new CredentialEngine(EngineServices, Profiles));
    }

    /// <summary>The seams it was built from.</summary>
    public RuntimeSeams Seams { get; }

    /// <summary>The options of this use.</summary>
    public RuntimeOptions Options { get; }

    /// <summary>Where the shared files are, and which profile the environment selects.</summary>
    public ConfigFileLocator Locator { get; }

    /// <summary>The shared files, loaded on first use.</summary>
    public ProfileSet Profiles => _profiles.Value;

    /// <summary>Cross-process locks (single flight, config edits).</summary>
    public ILockProvider Locks => _locks.Value;

    /// <summary>The secret store.</summary>
    public StoreServices Stores => _stores.Value;

    /// <summary>IAM Identity Center.</summary>
    public SsoServices Sso => _sso.Value;

    /// <summary>SAML sign-in (AD FS, any IdP in a browser).</summary>
    public SamlServices Saml => _saml.Value;

    /// <summary>The credential engine's services (cache, locks, MFA sources, stored keys, SSO tokens).</summary>
    public EngineServices EngineServices => _engineServices.Value;

    /// <summary>The credential engine.</summary>
    public CredentialEngine Engine => _engine.Value;

    /// <summary>The editor every writer of the user's config and credentials files uses.</summary>
    public ConfigEditor ConfigEditor => new(Seams.FileSystem, Locator, Locks, Seams.Time);

    /// <summary>The region and endpoint settings of a profile (else the selected one).</summary>
    public AwsSettings AwsSettings(string? profile = null)
        => new(Seams.Environment, Profiles, Profiles.GetProfile(profile ?? Locator.SelectedProfile));

    /// <summary>
    /// Credentials for a named profile, or through the AWS default chain when none is named (exactly
    /// like the AWS CLI: environment first, then <c>AWS_PROFILE</c> or <c>default</c>, …), with the
    /// region in force and the profile shown to the user.
    /// </summary>
    public async Task<ResolvedCredentials> ResolveAsync(string? profile, CancellationToken cancellationToken = default)
    {
        if (profile is not null)
        {
            var layout = Engine.Layout(profile);
            var credentials = Engine.TryGetCached(layout, out var cached) ? cached : await FetchAsync(layout, cancellationToken).ConfigureAwait(false);
            return new ResolvedCredentials(credentials, AwsSettings(profile).Region, profile);
        }

        var selected = Locator.SelectedProfileOrNull;
        var fromChain = await Engine.DefaultChain().GetAsync(cancellationToken).ConfigureAwait(false);
        return new ResolvedCredentials(fromChain, AwsSettings(selected ?? "default").Region, selected ?? "default");
    }

    /// <summary>
    /// Credentials from a layout's provider chain (refreshing, prompting, explaining), keeping the shell
    /// prompt's status file current (<see cref="PromptStatusFile"/>: the time left <c>sesame_prompt</c> shows).
    /// </summary>
    public async Task<AwsCredentials> FetchAsync(ChainLayout layout, CancellationToken cancellationToken = default)
    {
        var credentials = await Engine.Build(layout).Top.GetAsync(cancellationToken).ConfigureAwait(false);
        if (credentials.Expiration is { } expiration)
        {
            Prompt(file => file.Write(layout.Plan.Profile, expiration));
        }

        return credentials;
    }

    /// <summary>
    /// The cache-hit lane: a named profile's credentials when they can be answered without any fetch
    /// (fresh in the cache, or plain long-term keys). Synchronous, builds no provider.
    /// </summary>
    public bool TryGetCached(string profile, out AwsCredentials credentials) => Engine.TryGetCached(Engine.Layout(profile), out credentials);

    /// <summary>
    /// What <c>status</c> reports for a profile, from metadata only: never prompts, unlocks the store
    /// or calls AWS. The common answer on a shell prompt, "valid", needs only the top entry's expiry;
    /// anything else builds the chain (from the same layout) to say what renewing will need.
    /// </summary>
    public ChainStatus Status(string profile)
    {
        var layout = Engine.Layout(profile);
        var now = Seams.Time.GetUtcNow();
        if (Engine.PeekTop(layout) is { } at && Freshness.IsFresh(at, now, layout.Top.RefreshWindow))
        {
            // "valid" only when the next use can read them: from the keyring, or from a store open without asking.
            if (EngineServices.Cache is KeyringSessionCache layered && !layered.InKeyring(layout.Top.CacheKey!)
                && Stores.Accessors.Existing() is { IsReadyWithoutAsking: false } store)
            {
                return ChainStatus.LockedStore(at, store.Backend);
            }

            return ChainStatus.ValidUntil(at);
        }

        var chain = Engine.Build(layout);
        return ChainStatus.Of(
            chain,
            EngineServices.Cache,
            now,
            chain.Mfa.CanProvideWithoutInteraction,
            () => chain.Plan.Base is not Config.Chain.SsoSource sso || Sso.IsUsableWithoutBrowser(sso.Session),
            () => chain.Plan.Base is Config.Chain.SamlSource saml ? SamlWorkflows.SignInNeed(this, saml) : null);
    }

    /// <summary>Drops the cached sessions of one profile's chain (its MFA session and every role), or all of them; returns how many.</summary>
    public int ClearSessions(string? profile)
    {
        if (profile is null)
        {
            Prompt(file => file.RemoveAll());
            return EngineServices.Cache.Clear();
        }

        var layout = Engine.Layout(profile);
        var removed = 0;
        foreach (var link in layout.Links)
        {
            if (link.CacheKey is { } key && EngineServices.Cache.Remove(key))
            {
                removed++;
            }
        }

        foreach (var name in layout.Plan.ProfilesTopDown)
        {
            Prompt(file => file.Remove(name));
        }

        return removed;
    }

    /// <summary>Keeps the shell prompt's status file; a failure there never fails the command.</summary>
    internal void Prompt(Action<PromptStatusFile> change)
    {
        try
        {
            change(new PromptStatusFile(Seams.FileSystem, Seams.Environment));
        }
        catch (Errors.SesameException e)
        {
            Seams.Log.Debug($"the shell prompt's status file was not updated: {e.Message}");
        }
    }

    private EngineServices CreateEngineServices()
    {
        var stores = Stores;
        return new EngineServices
        {
            Environment = Seams.Environment,
            FileSystem = Seams.FileSystem,
            Time = Seams.Time,
            Processes = Seams.Processes,
            Terminal = Seams.Terminal,
            Log = Seams.Log,
            Sts = Seams.Sts ?? (() => new StsClientFactory(Seams.Http, Seams.Time)),
            Http = Seams.Http,
            Cache = Seams.CredentialCache ?? stores.SessionCache(),
            Locks = Locks,
            MfaToken = Options.MfaToken,
            StoredTotp = new StoredTotpSource(stores.Accessors, Seams.Time),
            StoredKeys = new StoredKeysAdapter(stores.Accessors, Seams.Time),

            // Built on first use: a cached answer never needs IAM Identity Center.
            SsoTokens = new DeferredSsoTokenSource(() => Sso.TokenSource(Options.AllowSsoLogin)),

            // Built on first use too: only a SAML profile that is not cached signs in.
            SamlSignIn = settings => Saml.SignIn(settings),
        };
    }
}

/// <summary>Credentials, the region in force and the profile they were resolved for.</summary>
/// <param name="Credentials">The credentials.</param>
/// <param name="Region">The region in force, or <c>null</c>.</param>
/// <param name="Profile">The profile shown to the user.</param>
public sealed record ResolvedCredentials(AwsCredentials Credentials, string? Region, string Profile);

/// <summary>A token source built on first use (so a cached answer never builds the SSO pieces).</summary>
internal sealed class DeferredSsoTokenSource(Func<Sso.ISsoTokenSource> create) : Sso.ISsoTokenSource
{
    private Sso.ISsoTokenSource? _source;

    public Task<Sso.SsoToken> GetTokenAsync(SsoSession session, CancellationToken cancellationToken = default)
        => (_source ??= create()).GetTokenAsync(session, cancellationToken);
}
