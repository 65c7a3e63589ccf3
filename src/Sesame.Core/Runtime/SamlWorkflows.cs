using Sesame.Core.Aws;
using Sesame.Core.Config.Chain;
using Sesame.Core.Engine;
using Sesame.Core.Errors;
using Sesame.Core.Providers;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Secrets;

namespace Sesame.Core.Runtime;

/// <summary>What <c>saml login</c> is asked to do.</summary>
/// <param name="PasswordInput">Standard input, for <c>--password-stdin</c>.</param>
/// <param name="MfaToken">A one-time code (<c>--mfa-token</c>).</param>
/// <param name="RoleArn">The role (<c>--role-arn</c>), for a profile that names none.</param>
/// <param name="StorePassword">Keep the password in the secret store (<c>--store-password</c>).</param>
/// <param name="Force">Sign in again even when the IdP session is remembered (<c>--force</c>).</param>
/// <param name="Presenter">Where push instructions go.</param>
/// <param name="ChooseRole">Picks a role when several remain.</param>
public sealed record SamlLoginRequest(
    TextReader? PasswordInput = null,
    string? MfaToken = null,
    string? RoleArn = null,
    bool StorePassword = false,
    bool Force = false,
    ISamlSignInPresenter? Presenter = null,
    SamlRoleChooser? ChooseRole = null);

/// <summary>What <c>saml login</c> did.</summary>
/// <param name="Profile">The SAML profile signed in with.</param>
/// <param name="Outcome">The sign-in and the credentials' role and duration.</param>
/// <param name="Expiration">When the cached session expires.</param>
/// <param name="Cached">False when the session could not be cached (a warning said why).</param>
/// <param name="PasswordStored">True when the password was stored on request.</param>
public sealed record SamlLoginResult(string Profile, SamlProviderOutcome Outcome, DateTimeOffset Expiration, bool Cached, bool PasswordStored);

/// <summary>What <c>saml logout</c> forgot.</summary>
/// <param name="IdpSessions">Remembered IdP sessions removed.</param>
/// <param name="Passwords">Stored passwords removed.</param>
/// <param name="CachedSessions">Cached AWS sessions removed (SAML profiles and the profiles chained from them).</param>
public sealed record SamlLogoutResult(int IdpSessions, int Passwords, int CachedSessions);

/// <summary>
/// The SAML workflows the CLI and programs run (docs/saml.md): <c>saml login</c> (sign in, pick the role,
/// AssumeRoleWithSAML, cache the session under the key credential commands read, optionally keep the password),
/// <c>saml logout</c>, and what <c>status</c> needs to know about a SAML base.
/// </summary>
public sealed class SamlWorkflows
{
    private readonly SesameRuntime _runtime;

    /// <summary>Creates the workflows over a runtime.</summary>
    public SamlWorkflows(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// What the next sign-in of a SAML base needs from a person, in words, or <c>null</c> when it needs nobody
    /// (a remembered IdP session; a password from a command or the store). Metadata only: never unlocks the
    /// store, never reaches the IdP.
    /// </summary>
    public static string? SignInNeed(SesameRuntime runtime, SamlSource source)
    {
        var settings = SamlLayout.Settings(runtime.Profiles, source);
        if (runtime.Saml.SignIn(settings, new SamlSignInOptions(ReadOnly: true)).Assess(settings) != SamlSignInNeed.Person)
        {
            return null;
        }

        var host = SamlSignIn.SignOnUrl(settings).Host;
        return settings.Provider == SamlProviderKind.Browser
            ? $"the SAML sign-in at {host} needs a person in a browser"
            : $"the SAML sign-in at {host} needs a password";
    }

    /// <summary>The SAML profile a profile's chain starts from, and its settings.</summary>
    public (ChainLayout Layout, SamlSource Source, SamlProfileSettings Settings) Resolve(string profile)
    {
        var layout = _runtime.Engine.Layout(profile);
        if (layout.Plan.Base is not SamlSource source)
        {
            throw new ConfigException($"profile '{profile}' does not sign in with SAML (no {SamlKeys.Url} in it or its source profiles); set it up with 'sesame configure saml {profile}'");
        }

        return (layout, source, SamlLayout.Settings(_runtime.Profiles, source));
    }

    /// <summary>
    /// <c>saml login</c>: signs in (the remembered IdP session first unless <see cref="SamlLoginRequest.Force"/>),
    /// picks the role, calls AssumeRoleWithSAML and caches the session where credential commands look for it,
    /// under the profile's lock (a credential command waits for this sign-in instead of starting another).
    /// </summary>
    public async Task<SamlLoginResult> LoginAsync(string profile, SamlLoginRequest request, CancellationToken cancellationToken)
    {
        var (layout, source, settings) = Resolve(profile);
        if (request.RoleArn is { } asked && settings.RoleArn is { } configured && asked != configured)
        {
            var at = _runtime.Profiles.GetProfile(source.Profile)?.Get(SamlKeys.RoleArn)?.Location ?? default;
            throw new ConfigException(
                $"profile '{source.Profile}' is set to {configured}; to use {asked}, change it with 'sesame configure saml {source.Profile} --role-arn {asked}' (or use another profile)",
                at.File,
                at.Line);
        }

        using var capture = request.StorePassword ? new SamlPasswordCapture() : null;
        var signIn = _runtime.Saml.SignIn(settings, new SamlSignInOptions(request.PasswordInput, request.MfaToken, request.Presenter, capture));
        var services = _runtime.EngineServices;
        var endpoint = _runtime.AwsSettings(profile).EndpointFor(AwsService.Sts);
        var provider = new SamlProvider(
            settings,
            signIn,
            () => services.Sts().Create(endpoint),
            _runtime.Seams.Terminal,
            _runtime.Locks,
            layout.Settings.LockTimeout,
            _runtime.Seams.Log,
            new SamlProviderOptions(request.RoleArn, null, !request.Force, request.ChooseRole));

        var link = layout.Links[0];
        Credentials.AwsCredentials credentials;
        var cached = true;
        using (await _runtime.Locks.AcquireAsync(link.Key, layout.Settings.LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            credentials = await provider.GetAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                services.Cache.Put(link.Key, credentials, source.Profile, provider.Name);
            }
            catch (SesameException e) when (e is not ConfigException)
            {
                _runtime.Seams.Log.Warn($"the session could not be cached ({e.Message}); the next use signs in again");
                cached = false;
            }

            _runtime.Locks.ClearFailure(link.Key);
        }

        if (credentials.Expiration is { } expiration)
        {
            _runtime.Prompt(file => file.Write(source.Profile, expiration));
        }

        var stored = false;
        if (capture?.Last is { } password)
        {
            _runtime.Saml.Passwords().Put(SamlSignIn.SignOnUrl(settings).AbsoluteUri, settings.Username ?? string.Empty, password);
            stored = true;
        }

        return new SamlLoginResult(source.Profile, provider.LastOutcome!, credentials.Expiration ?? default, cached, stored);
    }

    /// <summary>
    /// <c>saml logout PROFILE</c>: forgets the remembered IdP session and the stored password of the profile's IdP
    /// and user, and the cached sessions of every profile that signs in there (and of the profiles chained from them).
    /// With <paramref name="profile"/> <c>null</c>: every IdP session, every stored IdP password, every SAML profile's sessions.
    /// Never creates a secret store.
    /// </summary>
    public SamlLogoutResult Logout(string? profile)
    {
        Func<SamlProfileSettings, bool> matches;
        var idpSessions = 0;
        var passwords = 0;
        var sessions = _runtime.Saml.ExistingSessions();
        var store = _runtime.Stores.Accessors.Existing();
        if (profile is null)
        {
            matches = _ => true;
            idpSessions = sessions?.Clear() ?? 0;
            if (store is not null)
            {
                foreach (var item in store.List(SamlPasswordStore.Prefix))
                {
                    passwords += store.Remove(item.Key) ? 1 : 0;
                }
            }
        }
        else
        {
            var (_, _, settings) = Resolve(profile);
            var url = SamlSignIn.SignOnUrl(settings);
            var idp = IdpSessionStore.IdpName(url);
            var user = (settings.Username ?? string.Empty).Trim();
            matches = s => IdpSessionStore.IdpName(SamlSignIn.SignOnUrl(s)) == idp && string.Equals((s.Username ?? string.Empty).Trim(), user, StringComparison.OrdinalIgnoreCase);
            idpSessions = sessions?.Remove(url, settings.Username ?? string.Empty) == true ? 1 : 0;
            passwords = _runtime.Saml.ExistingPasswords()?.Remove(url.AbsoluteUri, settings.Username ?? string.Empty) == true ? 1 : 0;
        }

        return new SamlLogoutResult(idpSessions, passwords, ForgetCachedSessions(matches));
    }

    // The cached sessions of every profile whose chain starts at a matching SAML profile.
    private int ForgetCachedSessions(Func<SamlProfileSettings, bool> matches)
    {
        var removed = 0;
        var cache = _runtime.EngineServices.Cache;
        foreach (var name in _runtime.Profiles.ProfileNames)
        {
            ChainLayout layout;
            SamlProfileSettings settings;
            try
            {
                layout = _runtime.Engine.Layout(name);
                if (layout.Plan.Base is not SamlSource source)
                {
                    continue;
                }

                settings = SamlLayout.Settings(_runtime.Profiles, source);
            }
            catch (ConfigException)
            {
                continue; // A broken profile has nothing cached under a key we could compute.
            }

            if (!matches(settings))
            {
                continue;
            }

            foreach (var link in layout.Links)
            {
                if (link.CacheKey is { } key && cache.Remove(key))
                {
                    removed++;
                }
            }

            _runtime.Prompt(file => file.Remove(name));
        }

        return removed;
    }
}
