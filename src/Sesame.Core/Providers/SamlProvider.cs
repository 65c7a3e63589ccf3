using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Saml;

namespace Sesame.Core.Providers;

/// <summary>Picks one of several roles an assertion offers (a person at a terminal, or a list in a wizard).</summary>
public delegate Task<SamlRole> SamlRoleChooser(IReadOnlyList<SamlRole> roles, CancellationToken cancellationToken);

/// <summary>Choices a caller makes for one SAML sign-in (the flags of <c>saml login</c>).</summary>
/// <param name="RoleArn">A role to use instead of the profile's <c>sesame_saml_role_arn</c>.</param>
/// <param name="DurationSeconds">A duration to ask for instead of the profile's <c>sesame_saml_duration</c>.</param>
/// <param name="ReuseSession">False to ignore (and replace) a remembered IdP session (<c>saml login --force</c>).</param>
/// <param name="ChooseRole">Picks a role when several remain; <c>null</c> asks on the terminal (when there is one).</param>
public sealed record SamlProviderOptions(string? RoleArn = null, int? DurationSeconds = null, bool ReuseSession = true, SamlRoleChooser? ChooseRole = null)
{
    /// <summary>What credential commands use.</summary>
    public static SamlProviderOptions Default { get; } = new();
}

/// <summary>What the last sign-in of a <see cref="SamlProvider"/> did (for <c>saml login</c>'s report).</summary>
/// <param name="SignIn">The sign-in: whether the remembered IdP session was enough, whether a password or MFA was asked.</param>
/// <param name="Credentials">The role, the duration that succeeded, and the credentials.</param>
public sealed record SamlProviderOutcome(SamlSignInResult SignIn, SamlRoleCredentials Credentials)
{
    /// <inheritdoc />
    public override string ToString() => $"SamlProviderOutcome {{ {Credentials.Role.RoleArn}, {Credentials.DurationSeconds}s, reused: {SignIn.ReusedSession} }}";
}

/// <summary>
/// A SAML profile's credentials: sign in at the IdP (the remembered IdP session first: no password, no second
/// factor, no person), pick the role (<c>sesame_saml_role_arn</c>, the only one, else a person), and exchange
/// the assertion with AssumeRoleWithSAML (unsigned, at the profile's STS endpoint) with the duration rule
/// (docs/saml.md). The engine wraps it in <see cref="Caching.CachingProvider"/>, so concurrent callers of one
/// profile share one sign-in and one AssumeRoleWithSAML; sign-ins at the same IdP for the same user take that
/// IdP's lock as well, so profiles of one IdP sign in once and reuse the session. Without a terminal, a sign-in
/// that needs a person fails at once with <see cref="SamlLoginRequiredException"/>.
/// </summary>
public sealed class SamlProvider : ICredentialProvider
{
    private readonly SamlProfileSettings _settings;
    private readonly SamlSignIn _signIn;
    private readonly Func<IStsClient> _sts;
    private readonly ITerminal _terminal;
    private readonly ILockProvider _locks;
    private readonly TimeSpan _lockTimeout;
    private readonly ILog _log;
    private readonly SamlProviderOptions _options;

    /// <summary>Creates the provider.</summary>
    /// <param name="settings">The profile's SAML settings.</param>
    /// <param name="signIn">The sign-in, over the runtime's seams.</param>
    /// <param name="sts">Creates the STS client (at the profile's endpoint) on first use.</param>
    /// <param name="terminal">The terminal: whether a person can be asked, and where to ask for a role.</param>
    /// <param name="locks">Cross-process locks (one per IdP and user).</param>
    /// <param name="lockTimeout">How long to wait for another process signing in at the same IdP.</param>
    /// <param name="log">Warnings (a shortened duration).</param>
    /// <param name="options">The caller's choices.</param>
    public SamlProvider(SamlProfileSettings settings, SamlSignIn signIn, Func<IStsClient> sts, ITerminal terminal, ILockProvider locks, TimeSpan lockTimeout, ILog log, SamlProviderOptions? options = null)
    {
        _settings = settings;
        _signIn = signIn;
        _sts = sts;
        _terminal = terminal;
        _locks = locks;
        _lockTimeout = lockTimeout;
        _log = log;
        _options = options ?? SamlProviderOptions.Default;
    }

    /// <inheritdoc />
    public string Name => $"saml {_settings.Profile}";

    /// <summary>The profile's settings.</summary>
    public SamlProfileSettings Settings => _settings;

    /// <summary>What the last successful call did, or <c>null</c>.</summary>
    public SamlProviderOutcome? LastOutcome { get; private set; }

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var url = SamlSignIn.SignOnUrl(_settings);
        var host = url.Host;
        SamlSignInResult signedIn;
        using (await _locks.AcquireAsync(IdpSessionStore.LockKey(url, _settings.Username ?? string.Empty), _lockTimeout, cancellationToken).ConfigureAwait(false))
        {
            // Nobody to ask and nothing remembered: say so now, without a round trip to the IdP.
            if (!_terminal.IsAvailable && _signIn.Assess(_settings) == SamlSignInNeed.Person)
            {
                throw new SamlLoginRequiredException(_settings.Profile, _settings.Provider == SamlProviderKind.Browser
                    ? $"signing in at {host} needs a person in a browser, and no sign-in there is remembered"
                    : $"signing in at {host} needs a password, and no sign-in there is remembered");
            }

            try
            {
                signedIn = await _signIn.SignInAsync(_settings, _options.ReuseSession, cancellationToken).ConfigureAwait(false);
            }
            catch (InteractionRequiredException e)
            {
                throw new SamlLoginRequiredException(_settings.Profile, e.Message, e);
            }
        }

        var roles = signedIn.Assertion.Roles;
        var role = SamlSignIn.PickRole(roles, _options.RoleArn ?? _settings.RoleArn, _settings.PrincipalArn)
            ?? await ChooseAsync(roles, cancellationToken).ConfigureAwait(false);
        var result = await SamlSignIn.AssumeRoleAsync(signedIn.Assertion, role, _sts(), _options.DurationSeconds ?? _settings.DurationSeconds, null, cancellationToken).ConfigureAwait(false);
        if (result.DurationReduced)
        {
            _log.Warn($"{role.RoleArn} allows shorter sessions than asked for; got {result.DurationSeconds} s (set {SamlKeys.Duration} in profile '{_settings.Profile}' to ask for no more than the role allows)");
        }

        LastOutcome = new SamlProviderOutcome(signedIn, result);
        return result.Credentials;
    }

    private Task<SamlRole> ChooseAsync(IReadOnlyList<SamlRole> roles, CancellationToken cancellationToken)
    {
        if (_options.ChooseRole is { } choose)
        {
            return choose(roles, cancellationToken);
        }

        if (!_terminal.IsAvailable)
        {
            throw new SamlLoginRequiredException(_settings.Profile, $"the identity provider offers {roles.Count} roles and the profile names none ({SamlKeys.RoleArn})");
        }

        return Task.FromResult(AskOnTerminal(_terminal, roles));
    }

    /// <summary>Lets the person at the terminal pick a role by number.</summary>
    public static SamlRole AskOnTerminal(ITerminal terminal, IReadOnlyList<SamlRole> roles)
    {
        terminal.WriteLine($"The identity provider offers {roles.Count} roles:");
        for (var i = 0; i < roles.Count; i++)
        {
            terminal.WriteLine($"  {i + 1}) {roles[i].RoleArn}");
        }

        for (var tries = 0; tries < 3; tries++)
        {
            var answer = terminal.ReadLine($"Role [1-{roles.Count}]: ").Trim();
            if (int.TryParse(answer, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= roles.Count)
            {
                return roles[number - 1];
            }

            var byArn = roles.FirstOrDefault(r => r.RoleArn == answer);
            if (byArn is not null)
            {
                return byArn;
            }
        }

        throw new CredentialsException("no role was chosen");
    }
}
