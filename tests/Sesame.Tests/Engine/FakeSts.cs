using Sesame.Core.Aws;
using Sesame.Core.Credentials;

namespace Sesame.Tests.Engine;

/// <summary>
/// A scripted STS for unit tests of the engine's composition (the real behaviour is tested against
/// the sandbox). Issues credentials valid for the requested duration and records every call.
/// </summary>
internal sealed class FakeSts(TimeProvider time) : IStsClient, IStsClientFactory
{
    private int _counter;

    public List<string> Calls { get; } = [];

    public List<AssumeRoleRequest> AssumeRoles { get; } = [];

    public List<(string? Serial, string? Code)> SessionTokens { get; } = [];

    public Func<string, Exception?> Fail { get; set; } = _ => null;

    public TimeSpan? Delay { get; set; }

    public IStsClient Create(AwsEndpoint endpoint) => this;

    public async Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken)
    {
        await Record("AssumeRole");
        lock (Calls)
        {
            AssumeRoles.Add(request);
        }

        return Issue(request.DurationSeconds ?? 3600, $"arn:aws:sts::111111111111:assumed-role/{request.RoleArn.Split('/')[^1]}/{request.RoleSessionName}");
    }

    public async Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken)
    {
        await Record("GetSessionToken");
        lock (Calls)
        {
            SessionTokens.Add((serialNumber, tokenCode));
        }

        return Issue(durationSeconds ?? 43200, null);
    }

    public async Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken)
    {
        await Record("AssumeRoleWithWebIdentity");
        return Issue(durationSeconds ?? 3600, $"arn:aws:sts::111111111111:assumed-role/{roleArn.Split('/')[^1]}/{sessionName}");
    }

    public async Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Callers.Add(caller.AccessKeyId);
        }

        await Record("GetCallerIdentity");
        return new CallerIdentity("111111111111", "arn:aws:iam::111111111111:user/test", "AIDATEST");
    }

    /// <summary>Every caller key id, in call order (which credentials signed what).</summary>
    public List<string> Callers { get; } = [];

    public async Task<StsResult> GetFederationTokenAsync(AwsCredentials caller, string name, string? policy, int? durationSeconds, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Callers.Add(caller.AccessKeyId);
        }

        await Record("GetFederationToken");
        return Issue(durationSeconds ?? 43200, $"arn:aws:sts::111111111111:federated-user/{name}");
    }

    public int Count(string action)
    {
        lock (Calls)
        {
            return Calls.Count(c => c == action);
        }
    }

    private async Task Record(string action)
    {
        lock (Calls)
        {
            Calls.Add(action);
        }

        if (Delay is { } delay)
        {
            await Task.Delay(delay);
        }

        if (Fail(action) is { } error)
        {
            throw error;
        }
    }

    private StsResult Issue(int seconds, string? arn)
    {
        var n = Interlocked.Increment(ref _counter);
        return new StsResult(new AwsCredentials($"ASIAFAKE{n:D8}", $"secret-{n}", $"token-{n}", time.GetUtcNow().AddSeconds(seconds), arn?.Split(':')[4]), arn);
    }
}
