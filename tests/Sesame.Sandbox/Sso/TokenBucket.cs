using System.Diagnostics;

namespace Sesame.Sandbox.Sso;

/// <summary>
/// A token bucket on the monotonic clock: <c>rate</c> tokens a second, holding at most <c>burst</c>.
/// Precise enough that a client pacing itself at the rate is never refused.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _rate;
    private readonly double _burst;
    private readonly object _lock = new();
    private double _tokens;
    private long _last;

    public TokenBucket(double requestsPerSecond, double burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _rate = requestsPerSecond;
        _burst = burst;
        _tokens = burst;
        _last = Stopwatch.GetTimestamp();
    }

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (now - _last) * _rate / Stopwatch.Frequency);
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
