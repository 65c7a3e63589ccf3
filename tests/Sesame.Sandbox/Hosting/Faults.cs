namespace Sesame.Sandbox.Hosting;

/// <summary>What a fault does to a call.</summary>
public enum FaultKind
{
    /// <summary>Delay the answer (the call then proceeds normally).</summary>
    Latency,

    /// <summary>Answer 500 (STS <c>InternalFailure</c>; SSO <c>InternalServerException</c>).</summary>
    ServerError,

    /// <summary>Answer as throttled (STS 400 <c>Throttling</c>; SSO portal 429 <c>TooManyRequestsException</c>).</summary>
    Throttling,

    /// <summary>Answer as if the caller's token had expired (STS 403 <c>ExpiredToken</c>; portal 401 <c>UnauthorizedException</c>).</summary>
    ExpiredToken,
}

/// <summary>A fault to inject.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Delay">For <see cref="FaultKind.Latency"/>, how long.</param>
public sealed record Fault(FaultKind Kind, TimeSpan Delay = default)
{
    /// <summary>Added latency.</summary>
    public static Fault Latency(TimeSpan delay) => new(FaultKind.Latency, delay);

    /// <summary>HTTP 500.</summary>
    public static Fault ServerError { get; } = new(FaultKind.ServerError);

    /// <summary>Throttled.</summary>
    public static Fault Throttling { get; } = new(FaultKind.Throttling);

    /// <summary>Expired token.</summary>
    public static Fault ExpiredToken { get; } = new(FaultKind.ExpiredToken);
}

/// <summary>A fault added to a plan; tells how many calls it still applies to.</summary>
public sealed class FaultRule
{
    internal FaultRule(Fault fault, int times, string? action)
    {
        Fault = fault;
        Remaining = times;
        Action = action;
    }

    /// <summary>The fault.</summary>
    public Fault Fault { get; }

    /// <summary>The action it applies to, or null for every action.</summary>
    public string? Action { get; }

    /// <summary>How many more calls it will hit.</summary>
    public int Remaining { get; internal set; }
}

/// <summary>
/// Fault knobs of one endpoint: <c>sandbox.Sts.Faults.Add(Fault.Throttling, times: 2, action: "AssumeRole")</c>.
/// Each matching call uses up one application of each matching rule; latencies add up, and the first
/// matching error rule decides the answer.
/// </summary>
public sealed class FaultPlan
{
    private readonly List<FaultRule> _rules = [];
    private readonly object _lock = new();

    /// <summary>Adds a fault for the next <paramref name="times"/> matching calls.</summary>
    /// <param name="fault">What to do.</param>
    /// <param name="times">How many calls (int.MaxValue for all).</param>
    /// <param name="action">Only calls of this action; null for all.</param>
    public FaultRule Add(Fault fault, int times = 1, string? action = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        var rule = new FaultRule(fault, times, action);
        lock (_lock)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>Takes what applies to one call: the total delay and the error fault, if any.</summary>
    internal (TimeSpan Delay, FaultKind? Error) Take(string action)
    {
        lock (_lock)
        {
            var delay = TimeSpan.Zero;
            FaultKind? error = null;
            foreach (var rule in _rules.Where(r => r.Remaining > 0 && (r.Action is null || r.Action == action)))
            {
                if (rule.Fault.Kind == FaultKind.Latency)
                {
                    delay += rule.Fault.Delay;
                    rule.Remaining--;
                }
                else if (error is null)
                {
                    error = rule.Fault.Kind;
                    rule.Remaining--;
                }
            }

            _rules.RemoveAll(r => r.Remaining <= 0);
            return (delay, error);
        }
    }
}
