using Sesame.Sandbox.Hosting;
using Sesame.Sandbox.Sts;

namespace Sesame.Sandbox.Tests.Unit;

public class RecorderAndFaultTests
{
    private static StsCall Call(string action, string? serial = null) => new(DateTimeOffset.UtcNow, "sts", action,
        serial is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["SerialNumber"] = serial }, "AKIA", null, null, 200, null);

    [Fact]
    public void Call_log_counts_and_filters_by_action_and_parameter()
    {
        var log = new CallLog<StsCall>();
        log.Add(Call("GetSessionToken", "arn:aws:iam::1:mfa/a"));
        log.Add(Call("AssumeRole"));
        log.Add(Call("AssumeRole"));
        Assert.Equal(1, log.Count("GetSessionToken"));
        Assert.Equal(2, log.Count("AssumeRole"));
        Assert.Single(log.Where(c => c.Action == "GetSessionToken" && c["SerialNumber"] == "arn:aws:iam::1:mfa/a"));
        Assert.Equal(["GetSessionToken", "AssumeRole", "AssumeRole"], log.Actions);
        log.Clear();
        Assert.Empty(log.All);
    }

    [Fact]
    public async Task Waiting_for_a_call_returns_when_it_arrives_and_times_out_with_the_log()
    {
        var log = new CallLog<StsCall>();
        var wait = log.WaitForAsync(c => c.Action == "AssumeRole", TimeSpan.FromSeconds(5));
        log.Add(Call("AssumeRole"));
        Assert.Equal("AssumeRole", (await wait).Action);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => log.WaitForAsync(c => c.Action == "Nope", TimeSpan.FromMilliseconds(50)));
        Assert.Contains("sts:AssumeRole", error.Message);
    }

    [Fact]
    public void Fault_rules_apply_to_the_next_N_matching_calls_only()
    {
        var plan = new FaultPlan();
        var rule = plan.Add(Fault.Throttling, times: 2, action: "AssumeRole");
        plan.Add(Fault.Latency(TimeSpan.FromMilliseconds(10)), times: 1);
        Assert.Equal((TimeSpan.FromMilliseconds(10), FaultKind.Throttling), plan.Take("AssumeRole"));
        Assert.Equal((TimeSpan.Zero, (FaultKind?)null), plan.Take("GetCallerIdentity"));
        Assert.Equal(FaultKind.Throttling, plan.Take("AssumeRole").Error);
        Assert.Equal(0, rule.Remaining);
        Assert.Null(plan.Take("AssumeRole").Error);
    }

    [Fact]
    public void Token_bucket_allows_the_burst_then_the_rate()
    {
        var bucket = new Sso.TokenBucket(requestsPerSecond: 20, burst: 20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var allowed = Enumerable.Range(0, 30).Count(_ => bucket.TryTake());

        // The loop takes microseconds, but a busy machine may pause it; the bucket refills 20 a second meanwhile.
        Assert.InRange(allowed, 20, 21 + (int)(clock.Elapsed.TotalSeconds * 20));
        Thread.Sleep(120);
        Assert.True(bucket.TryTake());
    }

    [Fact]
    public void Fingerprints_hide_tokens_but_identify_them()
    {
        var fingerprint = StsCall.Fingerprint("eyJhbGciOi.secret.token");
        Assert.StartsWith("sha256:", fingerprint);
        Assert.DoesNotContain("secret", fingerprint);
        Assert.Equal(fingerprint, StsCall.Fingerprint("eyJhbGciOi.secret.token"));
    }
}
