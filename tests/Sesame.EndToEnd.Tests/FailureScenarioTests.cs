using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests;

/// <summary>What goes wrong: one line naming the failing step, a documented exit code, nothing cached, no secret printed.</summary>
public sealed class FailureScenarioTests(ChainSandboxFixture fixture) : IClassFixture<ChainSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    private const string Broken = """
        [profile denied]
        role_arn = arn:aws:iam::222222222222:role/Team0
        source_profile = bob

        [profile garbage]
        credential_process = echo this-is-not-json

        [profile failing]
        credential_process = sh -c 'echo helper says no >&2; exit 3'

        [profile hanging]
        credential_process = sleep 60

        [profile loop-a]
        role_arn = arn:aws:iam::111111111111:role/One
        source_profile = loop-b

        [profile loop-b]
        role_arn = arn:aws:iam::111111111111:role/One
        source_profile = loop-a
        """;

    [Fact]
    public async Task A_wrong_mfa_code_fails_with_one_line_exit_3_and_nothing_is_cached()
    {
        using var test = fixture.NewHome();
        var run = await SesameCli.RunAsync(test.Home, "credential-process", "three", "--mfa-token", "000000");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.StartsWith("sesame: error: AWS refused the MFA code given with --mfa-token", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["GetSessionToken"], Sandbox.Sts.Calls.Actions);
        Assert.Equal(12, (await SesameCli.RunAsync(test.Home, "status", "three")).ExitCode);
        AssertNoSecrets(run.Stderr);
    }

    [Fact]
    public async Task Access_denied_names_the_role_and_exits_3()
    {
        using var test = fixture.NewHome(Broken);
        var run = await SesameCli.RunAsync(test.Home, "credential-process", "denied");
        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("sesame: error: profile 'denied': could not assume arn:aws:iam::222222222222:role/Team0: AccessDenied: ", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        AssertNoSecrets(run.Stderr);
    }

    [Theory]
    [InlineData("garbage", 3, "credential_process")]
    [InlineData("failing", 3, "exited with code 3")]
    public async Task A_broken_credential_process_fails_with_one_line(string profile, int exitCode, string expected)
    {
        using var test = fixture.NewHome(Broken);
        var run = await SesameCli.RunAsync(test.Home, "credential-process", profile);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sesame: error: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_helpers_own_error_output_reaches_the_user()
    {
        using var test = fixture.NewHome(Broken);
        var run = await SesameCli.RunAsync(test.Home, "credential-process", "failing");
        Assert.StartsWith("helper says no\n", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_credential_process_is_stopped_with_exit_8()
    {
        using var test = fixture.NewHome(Broken);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = await test.Home.RunAsync(SesameCli.Executable, ["credential-process", "hanging"], extraEnvironment: new Dictionary<string, string> { ["SESAME_HELPER_TIMEOUT"] = "2s" });
        Assert.Equal(8, run.ExitCode);
        Assert.Contains("did not finish within 2 s", run.Stderr, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Unknown_profiles_and_loops_are_configuration_errors_with_exit_2()
    {
        using var test = fixture.NewHome(Broken);
        var unknown = await SesameCli.RunAsync(test.Home, "credential-process", "thre");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("sesame: error: profile 'thre' not found; did you mean 'three'?", unknown.Stderr.Trim());
        var loop = await SesameCli.RunAsync(test.Home, "whoami", "loop-a");
        Assert.Equal(2, loop.ExitCode);
        Assert.Contains("loop-a -> loop-b -> loop-a", loop.Stderr, StringComparison.Ordinal);
        Assert.Empty(Sandbox.Sts.Calls.All);
    }

    [Fact]
    public async Task No_terminal_and_no_mfa_source_fails_at_once_with_exit_4()
    {
        using var test = fixture.NewHome();
        var run = await SesameCli.RunAsync(test.Home, "credential-process", "three");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("needs an MFA code", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Sandbox.Sts.Calls.All);
    }

    [Fact]
    public async Task Commands_that_do_not_deliver_credentials_never_print_a_secret()
    {
        using var test = fixture.NewHome();
        var issued = await SesameCli.RunAsync(test.Home, "credential-process", "plain");
        var document = System.Text.Json.Nodes.JsonNode.Parse(issued.Stdout)!;
        var everything = string.Concat(
            (await SesameCli.RunAsync(test.Home, "whoami", "plain")).AllOutput(),
            (await SesameCli.RunAsync(test.Home, "status", "plain", "--json")).AllOutput(),
            (await SesameCli.RunAsync(test.Home, "list", "--json")).AllOutput(),
            (await SesameCli.RunAsync(test.Home, "explain", "plain", "--json")).AllOutput(),
            (await SesameCli.RunAsync(test.Home, "explain", "alice")).AllOutput(),
            (await SesameCli.RunAsync(test.Home, "credential-process", "plain", "--debug")).Stderr,
            (await SesameCli.RunAsync(test.Home, "clear", "--all")).AllOutput());
        SecretScan.AssertNoSecrets(
            everything,
            document["SecretAccessKey"]!.GetValue<string>(),
            document["SessionToken"]!.GetValue<string>(),
            Sandbox.User("bob").SecretAccessKey,
            test.Home.Environment["SESAME_FILE_PASSPHRASE"]);
    }

    private void AssertNoSecrets(string text)
        => SecretScan.AssertNoSecrets(text, Sandbox.User("bob").SecretAccessKey, Sandbox.Users.Values.First().SecretAccessKey);
}

internal static class ProcessResultExtensions
{
    public static string AllOutput(this Sesame.Sandbox.Clients.ProcessResult result) => result.Stdout + result.Stderr;
}
