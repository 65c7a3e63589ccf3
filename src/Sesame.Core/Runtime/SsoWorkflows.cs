using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Errors;
using Sesame.Core.Sso;

namespace Sesame.Core.Runtime;

/// <summary>
/// IAM Identity Center workflows over one runtime: which session a command means, sign-in (under the
/// session's lock, so credential commands wait for it instead of starting a second sign-in), and
/// logout of the token, the AWS CLI's cache and Sesame's own cached sessions. <c>configure sso</c>
/// and <c>sso populate</c> are <see cref="SsoConfigurator"/> and <see cref="SsoPopulation"/>.
/// </summary>
public sealed class SsoWorkflows
{
    private readonly SesameRuntime _runtime;

    /// <summary>Creates the workflows over a runtime.</summary>
    public SsoWorkflows(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// Which session a command means: <paramref name="session"/>, else a profile (<paramref name="profile"/>,
    /// else <c>AWS_PROFILE</c>), else the <c>default</c> profile when it uses SSO, else the only
    /// <c>[sso-session]</c> there is. A profile's session is resolved by the chain planner's rules.
    /// </summary>
    public SsoSession Resolve(string? session, string? profile)
    {
        var profiles = _runtime.Profiles;
        if (session is not null && profile is not null)
        {
            throw new SesameException("name an sso-session or a profile, not both", ExitCodes.ConfigError);
        }

        if (session is not null)
        {
            return SsoSession.Named(profiles, session);
        }

        if ((profile ?? _runtime.Locator.SelectedProfileOrNull) is { } named)
        {
            return SsoSession.ForProfile(profiles, named);
        }

        if (profiles.GetProfile("default") is { } fallback && (fallback.Has(Keys.SsoSession) || fallback.Has(Keys.SsoStartUrl)))
        {
            return SsoSession.ForProfile(profiles, "default");
        }

        var sessions = profiles.SsoSessions.Select(s => s.Name).ToList();
        return sessions.Count == 1
            ? SsoSession.Named(profiles, sessions[0])
            : throw new SesameException(
                sessions.Count == 0
                    ? "no [sso-session] section and no SSO profile to sign in with; create one with 'sesame configure sso <profile>'"
                    : $"several sso-sessions are configured ({string.Join(", ", sessions)}); name one with --sso-session",
                ExitCodes.ConfigError);
    }

    /// <summary>Signs in to a session and writes the AWS CLI's token cache; returns the token and the cache file.</summary>
    public async Task<(SsoTokenFile Token, string CachePath)> LoginAsync(SsoSession session, SsoLoginOptions options, ISsoLoginPresenter presenter, CancellationToken cancellationToken)
    {
        session = session.Require();

        // The same lock as refreshes, so a credential_process running meanwhile waits for this token.
        using (await _runtime.Locks.AcquireAsync(RefreshingSsoTokenSource.LockKey(session.CacheKey), RefreshingSsoTokenSource.LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            var token = await _runtime.Sso.Login(presenter).LoginAsync(session, options, cancellationToken).ConfigureAwait(false);
            return (token, _runtime.Sso.Cache.PathFor(session.CacheKey));
        }
    }

    /// <summary>
    /// A token for a session: the cached one when valid or renewable without a browser, else a sign-in
    /// through <paramref name="presenter"/> (never an automatic terminal login).
    /// </summary>
    public async Task<string> TokenAsync(SsoSession session, SsoLoginOptions options, ISsoLoginPresenter presenter, CancellationToken cancellationToken)
    {
        try
        {
            return (await _runtime.Sso.TokenSource(allowLogin: false).GetTokenAsync(session, cancellationToken).ConfigureAwait(false)).AccessToken;
        }
        catch (SsoLoginRequiredException)
        {
            return (await LoginAsync(session, options, presenter, cancellationToken).ConfigureAwait(false)).Token.AccessToken;
        }
    }

    /// <summary>
    /// Ends sessions, as <c>aws sso logout</c> does — the portal's Logout for each cached token, the token
    /// files, the AWS CLI's cached SSO role credentials — and drops Sesame's cached sessions of every
    /// profile whose chain starts at the session(s). <paramref name="only"/> <c>null</c>: every session.
    /// </summary>
    public async Task<SsoLogoutSummary> LogoutAsync(SsoSession? only, CancellationToken cancellationToken)
    {
        var roles = new List<SsoRoleRef>();
        var sessions = 0;
        var engine = _runtime.Engine;
        foreach (var name in _runtime.Profiles.ProfileNames)
        {
            Engine.ChainLayout layout;
            try
            {
                layout = engine.Layout(name);
            }
            catch (SesameException)
            {
                continue;
            }

            if (layout.Plan.Base is not SsoSource sso || (only is not null && (sso.SessionName != only.SessionName || sso.Session.CacheKey != only.CacheKey)))
            {
                continue;
            }

            if (sso is { AccountId: { } account, RoleName: { } role })
            {
                roles.Add(new SsoRoleRef(account, role));
            }

            foreach (var link in layout.Links)
            {
                if (link.CacheKey is { } key && _runtime.EngineServices.Cache.Remove(key))
                {
                    sessions++;
                }
            }

            _runtime.Prompt(file => file.Remove(name));
        }

        if (only is null)
        {
            _runtime.Prompt(file => file.RemoveAll());
        }

        var logout = _runtime.Sso.Logout();
        var result = only is null
            ? await logout.LogoutAllAsync(cancellationToken).ConfigureAwait(false)
            : await logout.LogoutAsync(only, roles, cancellationToken).ConfigureAwait(false);
        return new SsoLogoutSummary(result, sessions);
    }
}

/// <summary>What a logout removed.</summary>
/// <param name="Result">Tokens, portal logouts and AWS CLI cache entries.</param>
/// <param name="SesameSessions">Sesame's cached sessions removed.</param>
public sealed record SsoLogoutSummary(SsoLogoutResult Result, int SesameSessions);
