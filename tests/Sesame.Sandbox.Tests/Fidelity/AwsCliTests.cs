using System.Diagnostics;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary>
/// The real `aws` CLI against the sandbox. It must honour AWS_ENDPOINT_URL_&lt;SERVICE&gt; (AWS CLI v1 with
/// botocore ≥ 1.31, or v2 ≥ 2.13); Debian's awscli 2.9 does not.
/// </summary>
public sealed class AwsCliTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo());

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    /// <summary>The `aws` to use: SESAME_SANDBOX_AWS_CLI, or `aws` on PATH.</summary>
    public static string Cli => Environment.GetEnvironmentVariable("SESAME_SANDBOX_AWS_CLI") ?? "aws";

    [Theory]
    [InlineData("alice", "arn:aws:iam::111111111111:user/alice", 0)]
    [InlineData("prod-chain-three", "arn:aws:sts::222222222222:assumed-role/ChainThree/", 3)]
    [InlineData("prod-web-identity-deploy", "arn:aws:sts::222222222222:assumed-role/WebIdentityDeploy/web-identity", 0)]
    public async Task The_aws_CLI_resolves_profiles_against_the_sandbox(string profile, string arn, int assumeRoles)
    {
        RequireCli();
        using var home = _sandbox.CreateHome();

        var result = await home.RunAsync(Cli, ["sts", "get-caller-identity", "--profile", profile, "--query", "Arn", "--output", "text"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(arn, result.Stdout.Trim());
        Assert.Equal(assumeRoles, _sandbox.Sts.Calls.Count("AssumeRole"));
    }

    [Fact]
    public async Task The_aws_CLI_prompts_for_the_MFA_code_and_the_sandbox_checks_it()
    {
        RequireCli();
        using var home = _sandbox.CreateHome();
        var code = _sandbox.Mfa.UnusedCode("arn:aws:iam::111111111111:mfa/alice");

        // setsid: no controlling terminal, so getpass reads the code from stdin as it does under CI.
        var result = await home.RunAsync("setsid", ["-w", Cli, "sts", "get-caller-identity", "--profile", "prod-deploy", "--query", "Arn", "--output", "text"], stdin: code + "\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("arn:aws:sts::222222222222:assumed-role/Deploy/", result.Stdout.Trim());
        Assert.Equal(code, _sandbox.Sts.Calls.Of("AssumeRole").Single()["TokenCode"]);
    }

    private static void RequireCli()
    {
        string version;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Cli, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            version = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"the `aws` CLI is needed ({e.Message}): `python3 -m pip install awscli` (v1) or AWS CLI v2 ≥ 2.13, or set SESAME_SANDBOX_AWS_CLI.");
            return;
        }

        var match = System.Text.RegularExpressions.Regex.Match(version, @"aws-cli/(\d+)\.(\d+)");
        var supported = match.Success && (match.Groups[1].Value == "1" || int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 13);
        Assert.True(supported, $"`{Cli}` is {version.Trim()}: it ignores AWS_ENDPOINT_URL_STS. Put AWS CLI v1 (`python3 -m pip install awscli`) or v2 ≥ 2.13 first on PATH, or set SESAME_SANDBOX_AWS_CLI.");
    }
}
