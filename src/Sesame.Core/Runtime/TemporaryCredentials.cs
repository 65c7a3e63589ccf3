using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;

namespace Sesame.Core.Runtime;

/// <summary>
/// A profile's credentials for a consumer that keeps them for a while and must only ever hold
/// temporary ones: the local credential servers and the profiles written by
/// <c>export --to-profile</c> / <c>refresh</c>. Two rules on top of the engine:
/// <list type="bullet">
/// <item>Long-term keys are never handed on: a profile that resolves to plain keys gets a
/// GetSessionToken session made with them (the engine's MFA session already covers profiles with an
/// <c>mfa_serial</c>), as aws-vault's servers do.</item>
/// <item>The consumer decides how much life the credentials must have left: cached credentials the
/// engine still calls fresh but that expire within <c>minimumRemaining</c> are dropped from the cache
/// and fetched again, so a renewal always gets new credentials — one STS call, not a copy of the old
/// ones. Only the top link is dropped, so a cached MFA session underneath is reused without a prompt.</item>
/// </list>
/// </summary>
public sealed class TemporaryCredentials
{
    private readonly SesameRuntime _runtime;

    /// <summary>Creates the service over a runtime.</summary>
    public TemporaryCredentials(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// Temporary credentials for <paramref name="profile"/> with more than <paramref name="minimumRemaining"/>
    /// left when the source allows it. Throws what the engine throws (<see cref="InteractionRequiredException"/>
    /// when an MFA code is needed and nothing can give one).
    /// </summary>
    public async Task<AwsCredentials> GetAsync(string profile, TimeSpan minimumRemaining, CancellationToken cancellationToken)
    {
        var engine = _runtime.Engine;
        var layout = engine.Layout(profile);
        var now = _runtime.Seams.Time.GetUtcNow();
        if (!layout.IsLongTermKeys && layout.Top.CacheKey is { } key && engine.TryGetCached(layout, out var cached) && cached.ExpiresWithin(now, minimumRemaining))
        {
            // Fresh for the engine, too short for this consumer: renew now rather than hand on the old ones.
            _runtime.EngineServices.Cache.Remove(key);
        }

        var credentials = engine.TryGetCached(layout, out var hit) ? hit : await engine.Build(layout).Top.GetAsync(cancellationToken).ConfigureAwait(false);
        if (credentials.IsTemporary)
        {
            return credentials;
        }

        // Long-term keys: a session made with them (no MFA: a profile with mfa_serial already has the engine's MFA session).
        var duration = (int)layout.Settings.SessionDuration.TotalSeconds;
        var sts = _runtime.EngineServices.Sts().Create(_runtime.AwsSettings(profile).EndpointFor(AwsService.Sts));
        var session = await sts.GetSessionTokenAsync(credentials, duration, null, null, cancellationToken).ConfigureAwait(false);
        _runtime.Seams.Log.Debug($"'{profile}' is long-term keys: handing on a GetSessionToken session instead");
        return session.Credentials with { AccountId = session.Credentials.AccountId ?? credentials.AccountId };
    }
}
