using Sesame.Core.Aws;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Engine;
using Sesame.Core.SignIn;

namespace Sesame.Core.Runtime;

/// <summary>Where <c>login</c> lands and for how long.</summary>
/// <param name="Service">A console service page (<c>ec2</c>), or <c>null</c>.</param>
/// <param name="Destination">An explicit console URL instead, or <c>null</c>.</param>
/// <param name="Region">The console region; the profile's when <c>null</c>.</param>
/// <param name="Duration">The console session's length, where AWS lets the caller choose it.</param>
public sealed record ConsoleLoginOptions(string? Service = null, string? Destination = null, string? Region = null, TimeSpan? Duration = null);

/// <summary>
/// <c>sesame login</c> over one runtime: which credentials sign in, what the federation endpoint is
/// told about them, and the login URL (<see cref="ConsoleSignIn"/>, docs/servers.md). The source
/// comes from the profile's chain layout, so long-term keys are recognised without asking STS:
/// <list type="bullet">
/// <item>long-term keys (a file or the store) and no role → the base keys themselves, never an MFA
/// session made from them (the console refuses GetSessionToken credentials), federated with
/// GetFederationToken;</item>
/// <item>one role hop whose caller is not a role, or an IAM Identity Center / web identity base with no
/// role → a role session (<c>SessionDuration</c> may be sent);</item>
/// <item>a role assumed with role credentials (two hops, or a hop from a role-credential base) → a
/// role-chained session (<c>SessionDuration</c> left out);</item>
/// <item>anything else (a process, the environment, session keys in a file) → what GetCallerIdentity
/// says about the credentials.</item>
/// </list>
/// </summary>
public sealed class ConsoleLogins
{
    private readonly SesameRuntime _runtime;

    /// <summary>Creates the service over a runtime.</summary>
    public ConsoleLogins(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>Makes the console login URL for <paramref name="profile"/> (a secret: show it only when asked).</summary>
    public async Task<ConsoleLogin> CreateAsync(string profile, ConsoleLoginOptions options, CancellationToken cancellationToken)
    {
        var engine = _runtime.Engine;
        var layout = engine.Layout(profile);
        var settings = _runtime.AwsSettings(profile);
        var region = options.Region ?? settings.Region;
        var stsEndpoint = settings.EndpointFor(AwsService.Sts);
        var stsFactory = _runtime.EngineServices.Sts();
        var (credentials, source) = await SourceAsync(layout, stsFactory, stsEndpoint, cancellationToken).ConfigureAwait(false);
        var signIn = new ConsoleSignIn(stsFactory, _runtime.Seams.Http ?? new AwsHttpOptions(), _runtime.Seams.Time, _runtime.Seams.Log);
        return await signIn.CreateLoginAsync(
            new ConsoleSignInRequest
            {
                Credentials = credentials,
                Source = source,
                FederationEndpoint = ConsoleUrls.FederationEndpoint(settings, region),
                Region = region,
                Service = options.Service,
                Destination = options.Destination,
                Duration = options.Duration,
                StsEndpoint = stsEndpoint,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the layout says about the credentials a sign-in uses, or <c>null</c> when only STS can tell.</summary>
    public static ConsoleSessionSource? SourceOf(ChainLayout layout)
    {
        var plan = layout.Plan;
        var longTermBase = plan.Base is StoredKeysSource || (plan.Base is StaticKeysSource keys && keys.SessionToken is null);
        if (plan.Roles.Count == 0)
        {
            return longTermBase ? ConsoleSessionSource.LongTermKeys
                : plan.Base is SsoSource or WebIdentitySource ? ConsoleSessionSource.RoleSession
                : null;
        }

        // Role chaining is a role assumed with role credentials (AWS then refuses SessionDuration).
        var roleCredentialBase = plan.Base is SsoSource or WebIdentitySource
            || plan.Base is NamedSource { Source: CredentialSourceKind.Ec2InstanceMetadata or CredentialSourceKind.EcsContainer };
        var roleHops = plan.Roles.Count + (roleCredentialBase ? 1 : 0);
        return roleHops >= 2 ? ConsoleSessionSource.ChainedRoleSession : ConsoleSessionSource.RoleSession;
    }

    private async Task<(AwsCredentials, ConsoleSessionSource)> SourceAsync(ChainLayout layout, IStsClientFactory stsFactory, AwsEndpoint stsEndpoint, CancellationToken cancellationToken)
    {
        var engine = _runtime.Engine;
        switch (SourceOf(layout))
        {
            case ConsoleSessionSource.LongTermKeys:
                // The base link's own keys (not an MFA session on top: the console refuses GetSessionToken credentials).
                var keys = layout.IsLongTermKeys && engine.TryGetCached(layout, out var plain) ? plain : await engine.Build(layout).Links[0].Provider.GetAsync(cancellationToken).ConfigureAwait(false);
                return (keys, ConsoleSessionSource.LongTermKeys);
            case { } known:
                return (await engine.ResolveAsync(layout.Plan.Profile, cancellationToken).ConfigureAwait(false), known);
            default:
                var credentials = engine.TryGetCached(layout, out var hit) ? hit : await engine.Build(layout).Top.GetAsync(cancellationToken).ConfigureAwait(false);
                var caller = await stsFactory.Create(stsEndpoint).GetCallerIdentityAsync(credentials, cancellationToken).ConfigureAwait(false);
                return (credentials, ConsoleSessionSources.FromCallerArn(caller.Arn, credentials.IsTemporary));
        }
    }
}
