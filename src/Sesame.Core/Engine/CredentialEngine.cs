using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;
using Sesame.Core.Providers;

namespace Sesame.Core.Engine;

/// <summary>
/// Resolves credentials for a named profile, or through the default chain when none is named.
/// </summary>
public sealed class CredentialEngine
{
    private readonly EngineServices _services;
    private readonly ProfileSet _profiles;

    /// <summary>Creates the engine over loaded files.</summary>
    public CredentialEngine(EngineServices services, ProfileSet profiles)
    {
        _services = services;
        _profiles = profiles;
    }

    /// <summary>The loaded files.</summary>
    public ProfileSet Profiles => _profiles;

    /// <summary>
    /// Plans a named profile's chain and lays it out (<see cref="ChainLayout"/>): the one plan a
    /// resolution makes, from which both the cache-hit lane and the provider chain are derived.
    /// </summary>
    public ChainLayout Layout(string profile)
    {
        var plan = ChainPlanner.Plan(_profiles, profile, _services.StoredKeys is { } keys ? keys.Has : null);
        HelperLoops.Check(plan);
        var settings = EngineSettings.Read(_services.Environment, _profiles.GetProfile(profile));
        return ChainLayout.Of(plan, settings, _profiles, _services.Environment, _services.StoredKeys);
    }

    /// <summary>
    /// Builds the chain for an explicitly named profile. Environment credentials are not consulted
    /// (as with <c>--profile</c> in the AWS CLI), except through <c>credential_source = Environment</c>.
    /// </summary>
    public BuiltChain ForProfile(string profile) => Build(Layout(profile));

    /// <summary>Builds the providers of a layout (under its own profile's region, endpoints and MFA sources).</summary>
    public BuiltChain Build(ChainLayout layout)
        => new ProviderFactory(_services, _profiles, _profiles.GetProfile(layout.Plan.Profile), layout.Settings).Build(layout);

    /// <summary>
    /// Credentials for a named profile: from the cache-hit lane when possible (<see cref="TryGetCached"/>),
    /// else through the provider chain, which refreshes, prompts or explains. One plan either way.
    /// </summary>
    public async Task<AwsCredentials> ResolveAsync(string profile, CancellationToken cancellationToken = default)
    {
        var layout = Layout(profile);
        return TryGetCached(layout, out var cached) ? cached : await Build(layout).Top.GetAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers without building any provider when no fetch is needed: the layout's top credentials are
    /// cached and fresh (<see cref="Freshness"/>), or the profile is plain long-term keys. This is the
    /// whole of a cached <c>credential_process</c> call; anything else (a miss, a stale entry, a store
    /// that cannot be read) returns false and the caller takes the full path.
    /// </summary>
    public bool TryGetCached(ChainLayout layout, out AwsCredentials credentials)
    {
        credentials = null!;
        if (layout.IsLongTermKeys)
        {
            // Long-term keys used as they are: nothing to fetch, nothing to cache.
            switch (layout.Plan.Base)
            {
                case StaticKeysSource written:
                    credentials = written.ToCredentials();
                    return true;
                case StoredKeysSource stored when _services.StoredKeys is { } store:
                    credentials = store.Get(stored.Profile);
                    return true;
            }
        }

        if (layout.Top.CacheKey is not { } key)
        {
            return false;
        }

        try
        {
            return _services.Cache.TryGet(key, out credentials) && Freshness.IsFresh(credentials.Expiration, _services.Time.GetUtcNow(), layout.Top.RefreshWindow);
        }
        catch (Errors.SesameException e) when (e is not Errors.ConfigException)
        {
            return false;
        }
    }

    /// <summary>
    /// When the layout's top credentials are cached, their expiry (from the keyring or the store's
    /// metadata, never unlocking); otherwise <c>null</c>. Lets <c>status</c> answer "valid" without
    /// building the chain (compare with <see cref="LinkLayout.RefreshWindow"/> of the top link).
    /// </summary>
    public DateTimeOffset? PeekTop(ChainLayout layout) => layout.Top.CacheKey is { } key ? _services.Cache.PeekExpiration(key) : null;

    /// <summary>
    /// The default chain, in the order the SDKs use (botocore, smithy-rs): environment variables,
    /// the profile named by <c>AWS_PROFILE</c> (or <c>default</c>), web identity from
    /// <c>AWS_ROLE_ARN</c>/<c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, container credentials, instance
    /// metadata. A profile that is configured but fails stops the chain; a missing <c>default</c>
    /// profile, or one with no credential settings, does not.
    /// </summary>
    public ICredentialProvider DefaultChain()
    {
        var s = _services;
        var locator = new ConfigFileLocator(s.Environment);
        var explicitProfile = locator.SelectedProfileOrNull;
        var profileName = explicitProfile ?? "default";
        var selected = _profiles.GetProfile(profileName);
        var factory = new ProviderFactory(s, _profiles, selected, EngineSettings.Read(s.Environment, selected));
        return new ChainProvider("default chain",
        [
            new EnvironmentProvider(s.Environment, s.Time),
            new LazyProvider($"profile {profileName}", () => ProfileOrNotFound(explicitProfile, profileName)),
            new LazyProvider("web identity (environment)", () => WebIdentityFromEnvironment(factory)),
            new ContainerProvider(s.Environment, s.FileSystem, s.Http, s.Time),
            new ImdsProvider(s.Environment, selected, s.Http, s.Time),
        ]);
    }

    private ICredentialProvider ProfileOrNotFound(string? explicitProfile, string profileName)
    {
        if (_profiles.GetProfile(profileName) is null && explicitProfile is null)
        {
            return new NotFoundProvider($"profile {profileName}", "no default profile");
        }

        try
        {
            return Build(Layout(profileName)).Top;
        }
        catch (NoCredentialsConfiguredException e)
        {
            return new NotFoundProvider($"profile {profileName}", e.Reason);
        }
    }

    private ICredentialProvider WebIdentityFromEnvironment(ProviderFactory factory)
    {
        var e = _services.Environment;
        var roleArn = e.GetNonBlank("AWS_ROLE_ARN");
        var tokenFile = e.GetNonBlank("AWS_WEB_IDENTITY_TOKEN_FILE");
        if (roleArn is null || tokenFile is null)
        {
            return new NotFoundProvider("web identity (environment)", "AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are not both set");
        }

        var source = new WebIdentitySource("(environment)", roleArn, tokenFile, e.GetNonBlank("AWS_ROLE_SESSION_NAME"), default);
        var plan = new ChainPlan("(environment)", source, []);
        return factory.Build(ChainLayout.Of(plan, factory.Settings, _profiles, e, _services.StoredKeys)).Top;
    }

    private sealed class NotFoundProvider(string name, string reason) : ICredentialProvider
    {
        public string Name => name;

        public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default) => throw new CredentialsNotFoundException(reason);
    }
}
