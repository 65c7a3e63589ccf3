namespace Sesame.Core.Caching;

/// <summary>
/// The one freshness rule for cached temporary credentials, used by the provider chain
/// (<see cref="CachingProvider"/>), the cache-hit lane and <c>status</c> alike: credentials are fresh
/// while more than the refresh window remains. The window is the configured one (15 minutes by
/// default, botocore's advisory refresh), but never more than a third of the session's expected
/// lifetime — otherwise a 900-second role session would be stale the moment it arrives and every
/// call would be an AssumeRole.
/// </summary>
public static class Freshness
{
    /// <summary>The refresh window for a session expected to last <paramref name="lifetime"/> (unknown: the configured window).</summary>
    public static TimeSpan WindowFor(TimeSpan configured, TimeSpan? lifetime)
        => lifetime is { } expected && expected > TimeSpan.Zero && configured > expected / 3 ? expected / 3 : configured;

    /// <summary>True when credentials expiring at <paramref name="expiration"/> are fresh at <paramref name="now"/>.</summary>
    public static bool IsFresh(DateTimeOffset? expiration, DateTimeOffset now, TimeSpan window)
        => expiration is { } at && at - now > window;
}
