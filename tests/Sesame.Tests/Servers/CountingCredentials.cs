using Sesame.Core.Credentials;

namespace Sesame.Tests.Servers;

/// <summary>
/// The credentials callback of the server tests: counts its calls and hands out a new key each time
/// (ASIACOUNTING0000001, …), valid for <see cref="Lifetime"/> from the clock's now (or the next of
/// <see cref="Lifetimes"/>). <see cref="Gate"/> can hold fetches back; <see cref="Failure"/> makes them throw.
/// </summary>
internal sealed class CountingCredentials
{
    private readonly TimeProvider _time;
    private int _calls;

    public CountingCredentials(TimeProvider time, TimeSpan? lifetime = null)
    {
        _time = time;
        Lifetime = lifetime ?? TimeSpan.FromHours(1);
    }

    public int Calls => Volatile.Read(ref _calls);

    public TimeSpan Lifetime { get; set; }

    public Queue<TimeSpan> Lifetimes { get; } = new();

    public Task? Gate { get; set; }

    public Func<Exception>? Failure { get; set; }

    public string? AccountId { get; set; } = "111122223333";

    public bool LongTerm { get; set; }

    public static string Key(int n) => $"ASIACOUNTING{n:D7}";

    public static string Secret(int n) => $"counting-secret-{n:D4}-wJalrXUtnFEMIK7MDENGbPxRfiCY";

    public static string Token(int n) => $"counting-session-token-{n:D4}-IQoJb3JpZ2luX2VjEXAMPLE";

    public async Task<AwsCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure();
        }

        if (LongTerm)
        {
            return new AwsCredentials("AKIACOUNTINGLONGTERM", Secret(n));
        }

        TimeSpan lifetime;
        lock (Lifetimes)
        {
            lifetime = Lifetimes.Count > 0 ? Lifetimes.Dequeue() : Lifetime;
        }

        return new AwsCredentials(Key(n), Secret(n), Token(n), _time.GetUtcNow() + lifetime, AccountId);
    }

    /// <summary>Every secret this callback can have handed out so far, for secret scans.</summary>
    public string[] Secrets() => [.. Enumerable.Range(1, Calls).SelectMany(n => new[] { Secret(n), Token(n) })];
}
