using System.Text.Json.Nodes;
using Sesame.EndToEnd.Tests.Infrastructure;
using static Sesame.EndToEnd.Tests.Infrastructure.ChainOrganisation;

namespace Sesame.EndToEnd.Tests;

/// <summary>Role chains from MFA-protected keys against the sandbox: the STS calls they cost, cold and warm.</summary>
public sealed class ChainScenarioTests(ChainSandboxFixture fixture) : IClassFixture<ChainSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    [Fact]
    public async Task Three_role_chain_from_mfa_keys_costs_one_session_token_and_three_assume_roles_cold_and_nothing_warm()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        var aliceMfa = test.MfaSerial;
        var cold = await SesameCli.RunAsync(home, "credential-process", "three", "--mfa-token", Sandbox.Mfa.UnusedCode(aliceMfa));
        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.Equal(["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole"], Sandbox.Sts.Calls.Actions);
        Assert.Equal(aliceMfa, Sandbox.Sts.Calls.Of("GetSessionToken")[0]["SerialNumber"]);
        Assert.All(Sandbox.Sts.Calls.Of("AssumeRole"), c => Assert.Null(c["TokenCode"]));

        var document = JsonNode.Parse(cold.Stdout)!;
        Assert.Equal(1, document["Version"]!.GetValue<int>());
        Assert.StartsWith("ASIA", document["AccessKeyId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(document["SessionToken"]);
        Assert.NotNull(document["Expiration"]);

        var warm = await SesameCli.RunAsync(home, "credential-process", "three");
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Equal(4, Sandbox.Sts.Calls.All.Count);

        var whoami = await SesameCli.RunAsync(home, "whoami", "three");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Equal($"arn:aws:sts::{Ops}:assumed-role/Three/e2e", whoami.Stdout.Trim());
        Assert.Equal(["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole", "GetCallerIdentity"], Sandbox.Sts.Calls.Actions);
    }

    [Fact]
    public async Task Ten_roles_behind_one_mfa_device_cost_one_prompt()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        var aliceMfa = test.MfaSerial;
        var mfa = new MfaHelper(home);
        home.WriteConfig(File.ReadAllText(home.ConfigFile).Replace($"mfa_serial = {aliceMfa}", $"mfa_serial = {aliceMfa}\n{mfa.ConfigLine}", StringComparison.Ordinal));
        mfa.SetCode(Sandbox.Mfa.UnusedCode(aliceMfa));
        for (var i = 0; i < 10; i++)
        {
            var run = await SesameCli.RunAsync(home, "credential-process", $"team{i}");
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        Assert.Equal(1, mfa.Runs);
        Assert.Equal(1, Sandbox.Sts.Calls.Count("GetSessionToken"));
        Assert.Equal(10, Sandbox.Sts.Calls.Count("AssumeRole"));
        var identities = new HashSet<string>();
        foreach (var i in new[] { 0, 9 })
        {
            var who = await SesameCli.RunAsync(home, "whoami", $"team{i}");
            Assert.True(who.ExitCode == 0, who.ToString());
            identities.Add(who.Stdout.Trim());
            Assert.StartsWith($"arn:aws:sts::{Prod}:assumed-role/Team{i}/", who.Stdout.Trim(), StringComparison.Ordinal);
        }

        Assert.Equal(1, mfa.Runs);
    }

    [Fact]
    public async Task Thirty_two_concurrent_cold_callers_cost_one_call_per_step_and_one_prompt()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        var aliceMfa = test.MfaSerial;
        var mfa = new MfaHelper(home);
        home.WriteConfig(File.ReadAllText(home.ConfigFile).Replace($"mfa_serial = {aliceMfa}", $"mfa_serial = {aliceMfa}\n{mfa.ConfigLine}", StringComparison.Ordinal));
        mfa.SetCode(Sandbox.Mfa.UnusedCode(aliceMfa));
        var runs = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => SesameCli.RunAsync(home, "credential-process", "three")));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Single(runs.Select(r => r.Stdout).Distinct());
        Assert.Equal(["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole"], Sandbox.Sts.Calls.Actions);
        Assert.Equal(1, mfa.Runs);
    }

    [Fact]
    public async Task Without_the_mfa_session_the_code_goes_with_assume_role_as_botocore_sends_it()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        var aliceMfa = test.MfaSerial;
        home.Set("SESAME_MFA_SESSION", "false");
        var run = await SesameCli.RunAsync(home, "credential-process", "one", "--mfa-token", Sandbox.Mfa.UnusedCode(aliceMfa));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["AssumeRole"], Sandbox.Sts.Calls.Actions);
        Assert.Equal(aliceMfa, Sandbox.Sts.Calls.Of("AssumeRole")[0]["SerialNumber"]);
        Assert.NotNull(Sandbox.Sts.Calls.Of("AssumeRole")[0]["TokenCode"]);
    }

    [Fact]
    public async Task A_role_profile_without_mfa_costs_one_assume_role_and_keeps_its_session_name()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        var aliceMfa = test.MfaSerial;
        var who = await SesameCli.RunAsync(home, "whoami", "plain", "--json");
        Assert.True(who.ExitCode == 0, who.ToString());
        var identity = JsonNode.Parse(who.Stdout)!;
        Assert.Equal($"arn:aws:sts::{Prod}:assumed-role/Plain/plain-e2e", identity["Arn"]!.GetValue<string>());
        Assert.Equal(Prod, identity["Account"]!.GetValue<string>());
        Assert.Equal("plain", identity["Profile"]!.GetValue<string>());
        Assert.Equal(["AssumeRole", "GetCallerIdentity"], Sandbox.Sts.Calls.Actions);
    }
}
