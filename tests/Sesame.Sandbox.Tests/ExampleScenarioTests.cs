using Sesame.Sandbox.Tests.Fidelity;
using Sesame.Sandbox.Tests.Infrastructure;

namespace Sesame.Sandbox.Tests;

/// <summary>
/// The shape of a Sesame end-to-end test: given an organisation, run a client in a fresh home, assert the
/// STS calls and the identity. Today's sesame has only `list`/`explain`, so the identity comes from the
/// AWS CLI; `sesame whoami` takes its place when it exists.
/// </summary>
public class ExampleScenarioTests
{
    [Fact]
    public async Task Given_an_organisation_a_run_is_judged_by_its_STS_calls_and_identity()
    {
        await using var sandbox = await Sandbox.StartAsync(new Organisation
        {
            Accounts = [new Account("111111111111", "dev"), new Account("222222222222", "prod")],
            Users = [new IamUser("alice", "111111111111")],
            Roles =
            [
                new Role("Hop", "111111111111", Trust.Principal("arn:aws:iam::111111111111:user/alice")),
                new Role("Deploy", "222222222222", Trust.Principal("arn:aws:iam::111111111111:role/Hop")),
            ],
        });
        using var home = sandbox.CreateHome();

        var listed = await SesameCli.RunAsync(home, "list");
        var identity = await home.RunAsync(AwsCliTests.Cli, ["sts", "get-caller-identity", "--profile", "prod-deploy", "--query", "Arn", "--output", "text"]);

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("prod-deploy", listed.Stdout);
        Assert.StartsWith("arn:aws:sts::222222222222:assumed-role/Deploy/", identity.Stdout.Trim());
        Assert.Equal(["AssumeRole", "AssumeRole", "GetCallerIdentity"], sandbox.Sts.Calls.Actions);
        Assert.Equal("arn:aws:iam::111111111111:user/alice", sandbox.Sts.Calls.Of("AssumeRole")[0].Principal);
    }
}
