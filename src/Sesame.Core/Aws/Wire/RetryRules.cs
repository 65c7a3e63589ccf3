namespace Sesame.Core.Aws.Wire;

/// <summary>
/// The SDKs' "standard" retry mode (AWS SDK for .NET <c>StandardRetryPolicy</c>, botocore
/// <c>retries/standard.py</c>): up to <see cref="AwsHttpOptions.MaxAttempts"/> attempts (3), retrying
/// throttling errors, transient errors (connection failures, timeouts, HTTP 500/502/503/504, a 200
/// whose body cannot be read) and the service's own retryable codes, after an exponential backoff with
/// full jitter: a random share of 2^(retry − 1) seconds, at most 20 s. Clock skew (the service says the
/// request's time is off by more than 5 minutes) is corrected once from the answer's <c>Date</c> and retried.
/// </summary>
internal static class RetryRules
{
    /// <summary>The SDKs' throttling codes (AWS SDK for .NET <c>RetryPolicy.ThrottlingErrorCodes</c>, compared ignoring case).</summary>
    private static readonly string[] ThrottlingCodes =
    [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    ];

    /// <summary>Timeout codes a service may answer with (retried).</summary>
    private static readonly string[] TimeoutCodes = ["RequestTimeout", "RequestTimeoutException"];

    /// <summary>Codes that always mean the request's time was off (retried once the clock is corrected).</summary>
    private static readonly string[] DefiniteClockSkewCodes = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"];

    /// <summary>Codes that mean a skewed clock when the service's time is more than 5 minutes away.</summary>
    private static readonly string[] PossibleClockSkewCodes = ["InvalidSignatureException", "AuthFailure", "SignatureDoesNotMatch"];

    /// <summary>How far the clocks may differ before a signature is refused.</summary>
    public static readonly TimeSpan ClockSkewThreshold = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);

    /// <summary>True for a throttling error code.</summary>
    public static bool IsThrottling(string? code) => code is not null && Contains(ThrottlingCodes, code);

    /// <summary>
    /// True when a service error is worth another attempt: throttling, a timeout code, HTTP
    /// 500/502/503/504, or one of the operation's own retryable codes (<paramref name="extraCodes"/>).
    /// </summary>
    public static bool IsRetryable(int status, string? code, IReadOnlyList<string> extraCodes)
        => IsThrottling(code)
        || (code is not null && (Contains(TimeoutCodes, code) || extraCodes.Contains(code)))
        || status is 500 or 502 or 503 or 504;

    /// <summary>True when the error may be a skewed clock and the service's time is known to differ enough (or the code is definite).</summary>
    public static bool IsClockSkew(string? code, DateTimeOffset? serverTime, DateTimeOffset signedAt)
    {
        if (code is null || serverTime is not { } server)
        {
            return false;
        }

        return Contains(DefiniteClockSkewCodes, code)
            || (Contains(PossibleClockSkewCodes, code) && (signedAt - server).Duration() > ClockSkewThreshold);
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry): full jitter over 2^(retry − 1) s.</summary>
    public static TimeSpan Backoff(int retry, double jitter)
        => TimeSpan.FromMilliseconds(Math.Min(jitter * Math.Pow(2, retry - 1) * 1000.0, MaxBackoff.TotalMilliseconds));

    /// <summary>True for the transient HTTP statuses (as the SDKs' "transient error" classification counts them).</summary>
    public static bool IsTransientStatus(int status) => status is 500 or 502 or 503 or 504;

    private static bool Contains(string[] codes, string code)
    {
        foreach (var candidate in codes)
        {
            if (string.Equals(candidate, code, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
