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
        using var home = fixture.NewHome();
        var cold = await SesameCli.RunAsync(home, "credential-process", "three", "--mfa-token", Sandbox.Mfa.UnusedCode(AliceMfa));
        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.Equal(["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole"], Sandbox.Sts.Calls.Actions);
        Assert.Equal(AliceMfa, Sandbox.Sts.Calls.Of("GetSessionToken")[0]["SerialNumber"]);
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
}
