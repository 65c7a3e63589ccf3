using Sesame.EndToEnd.Tests.Infrastructure;
using static Sesame.EndToEnd.Tests.Infrastructure.ChainOrganisation;

namespace Sesame.EndToEnd.Tests;

/// <summary>The AWS CLI using <c>credential_process = sesame credential-process X</c> against the sandbox.</summary>
public sealed class AwsCliScenarioTests(ChainSandboxFixture fixture) : IClassFixture<ChainSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    private static string ViaSesame(string profile) => $"""

        [profile via-{profile}]
        credential_process = {SesameCli.Executable} credential-process {profile}
        region = us-east-1
        """;

    [Fact]
    public async Task The_aws_cli_gets_a_role_through_sesame_as_its_credential_process()
    {
        using var test = fixture.NewHome(ViaSesame("plain"));
        var run = await test.Home.RunAsync(AwsCli.Path, ["sts", "get-caller-identity", "--profile", "via-plain", "--query", "Arn", "--output", "text"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"arn:aws:sts::{Prod}:assumed-role/Plain/plain-e2e", run.Stdout.Trim());
        Assert.Equal(["AssumeRole", "GetCallerIdentity"], Sandbox.Sts.Calls.Actions);
    }

    [Fact]
    public async Task Inside_the_aws_cli_sesame_asks_for_the_mfa_code_on_the_terminal_without_echo_and_the_cli_succeeds()
    {
        using var test = fixture.NewHome(ViaSesame("three"));
        await using var tmux = await Tmux.StartAsync(test.Home, $"{AwsCli.Path} sts get-caller-identity --profile via-three --query Arn --output text");
        var screen = await tmux.WaitForAsync($"Enter MFA code for {test.MfaSerial}", TimeSpan.FromSeconds(90));
        Assert.Contains("(profile one)", screen, StringComparison.Ordinal);
        var code = Sandbox.Mfa.UnusedCode(test.MfaSerial);
        await tmux.TypeLineAsync(code);
        screen = await tmux.WaitForAsync($"assumed-role/Three/e2e", TimeSpan.FromSeconds(90));

        // The code was typed into a prompt that does not echo (as botocore's getpass does).
        Assert.DoesNotContain(code, screen, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:sts::{Ops}:assumed-role/Three/e2e", screen, StringComparison.Ordinal);
        Assert.Equal(["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole", "GetCallerIdentity"], Sandbox.Sts.Calls.Actions);
        Assert.Equal("exit=0", await tmux.ExitStatusAsync(test.Home, TimeSpan.FromSeconds(30)));
    }
}
