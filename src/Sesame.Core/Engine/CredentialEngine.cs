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
    /// Builds the chain for an explicitly named profile. Environment credentials are not consulted
    /// (as with <c>--profile</c> in the AWS CLI), except through <c>credential_source = Environment</c>.
    /// </summary>
    public BuiltChain ForProfile(string profile)
    {
        var plan = ChainPlanner.Plan(_profiles, profile, _services.StoredKeys is { } keys ? keys.Has : null);
        return new ProviderFactory(_services, _profiles, _profiles.GetProfile(profile)).Build(plan);
    }

    /// <summary>
    /// Answers without building any provider when no fetch is needed: the named profile's top
    /// credentials are cached and fresh (more than the refresh window left), or the profile is plain
    /// long-term keys. This is the whole of a cached <c>credential_process</c> call; anything else (a
    /// miss, a stale entry, a store that cannot be read) returns false and the caller takes the full
    /// path, which refreshes, prompts or explains.
    /// </summary>
    public bool TryGetCached(string profile, out AwsCredentials credentials)
    {
        credentials = null!;
        var plan = ChainPlanner.Plan(_profiles, profile, _services.StoredKeys is { } keys ? keys.Has : null);
        var settings = EngineSettings.Read(_services.Environment, _profiles.GetProfile(profile));
        if (plan.Roles.Count == 0 && ChainKeys.SessionSerial(plan, settings, _profiles).Serial is null)
        {
            // Long-term keys used as they are: nothing to fetch, nothing to cache.
            switch (plan.Base)
            {
                case StaticKeysSource written:
                    credentials = written.ToCredentials();
                    return true;
                case StoredKeysSource stored when _services.StoredKeys is { } store:
                    credentials = store.Get(stored.Profile);
                    return true;
            }
        }

        if (ChainKeys.Top(plan, settings, _profiles, _services.Environment, _services.StoredKeys) is not { } key)
        {
            return false;
        }

        try
        {
            return _services.Cache.TryGet(key, out credentials)
                && credentials.Expiration is { } expiration
                && expiration - _services.Time.GetUtcNow() > settings.RefreshWindow;
        }
        catch (Errors.SesameException e) when (e is not Errors.ConfigException)
        {
            return false;
        }
    }

    /// <summary>
    /// When the named profile's top credentials are cached, their expiry (from the keyring or the
    /// store's metadata, never unlocking) and the refresh window in force; otherwise a null expiry.
    /// Lets <c>status</c> answer "valid" without building the chain.
    /// </summary>
    /// <remarks>An out parameter rather than a tuple: a tuple of framework value types is compiled at
    /// run time, on every shell prompt.</remarks>
    public DateTimeOffset? PeekTop(string profile, out TimeSpan refreshWindow)
    {
        var plan = ChainPlanner.Plan(_profiles, profile, _services.StoredKeys is { } keys ? keys.Has : null);
        var settings = EngineSettings.Read(_services.Environment, _profiles.GetProfile(profile));
        var key = ChainKeys.Top(plan, settings, _profiles, _services.Environment, _services.StoredKeys);
        refreshWindow = settings.RefreshWindow;
        return key is null ? null : _services.Cache.PeekExpiration(key);
    }

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
        var factory = new ProviderFactory(s, _profiles, selected);
        return new ChainProvider("default chain",
        [
            new EnvironmentProvider(s.Environment, s.Time),
            new LazyProvider($"profile {profileName}", () => ProfileOrNotFound(explicitProfile, profileName, factory)),
            new LazyProvider("web identity (environment)", () => WebIdentityFromEnvironment(factory)),
            new ContainerProvider(s.Environment, s.FileSystem, s.Http, s.Time),
            new ImdsProvider(s.Environment, selected, s.Http, s.Time),
        ]);
    }

    private ICredentialProvider ProfileOrNotFound(string? explicitProfile, string profileName, ProviderFactory factory)
    {
        if (_profiles.GetProfile(profileName) is null && explicitProfile is null)
        {
            return new NotFoundProvider($"profile {profileName}", "no default profile");
        }

        try
        {
            return factory.Build(ChainPlanner.Plan(_profiles, profileName, _services.StoredKeys is { } keys ? keys.Has : null)).Top;
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
        return factory.Build(new ChainPlan("(environment)", source, [])).Top;
    }

    private sealed class NotFoundProvider(string name, string reason) : ICredentialProvider
    {
        public string Name => name;

        public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default) => throw new CredentialsNotFoundException(reason);
    }
}
