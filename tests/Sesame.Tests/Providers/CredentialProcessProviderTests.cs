using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Mfa;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

public sealed class CredentialProcessProviderTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private const string Token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENVALUE";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Now);

    private (CredentialProcessProvider Provider, ScriptedProcessRunner Runner) Build(ProcessResult result, string? accountFallback = null)
    {
        var runner = new ScriptedProcessRunner(_ => result);
        return (new CredentialProcessProvider("dev", "my-helper --profile dev", accountFallback, runner, new TestEnvironment(), _time), runner);
    }

    private static ProcessResult Printed(string stdout) => new(0, stdout, string.Empty, TimedOut: false);

    private async Task<CredentialsException> Fails(string stdout)
        => await Assert.ThrowsAsync<CredentialsException>(() => Build(Printed(stdout)).Provider.GetAsync());

    [Fact]
    public async Task Runs_the_command_through_the_shell_with_stderr_passed_through_and_a_timeout()
    {
        var (provider, runner) = Build(Printed($$"""{"Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "{{Secret}}"}"""));

        await provider.GetAsync();

        var run = Assert.Single(runner.Runs);
        Assert.Equal("/bin/sh", run.FileName);
        Assert.Equal(["-c", "my-helper --profile dev"], run.Arguments);
        Assert.False(run.CaptureStandardError);
        Assert.Equal(Shell.HelperTimeout, run.Timeout);
    }

    [Fact]
    public async Task Reads_every_field_of_version_1_output_and_ignores_unknown_keys()
    {
        var (provider, _) = Build(Printed($$"""
            {"Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "{{Secret}}", "SessionToken": "{{Token}}",
             "Expiration": "2026-11-21T13:30:00+01:00", "AccountId": "111122223333", "Extra": {"nested": [1, 2]}, "Note": "x"}
            """), accountFallback: "999999999999");

        var credentials = await provider.GetAsync();

        Assert.Equal(new AwsCredentials("ASIAEXAMPLE", Secret, Token, new DateTimeOffset(2026, 11, 21, 12, 30, 0, TimeSpan.Zero), "111122223333"), credentials);
    }

    [Fact]
    public async Task Uses_the_profile_account_id_only_when_the_output_has_none()
    {
        var (provider, _) = Build(Printed($$"""{"Version": 1, "AccessKeyId": "AKIAEXAMPLE", "SecretAccessKey": "{{Secret}}"}"""), accountFallback: "123456789001");

        var credentials = await provider.GetAsync();

        Assert.Equal("123456789001", credentials.AccountId);
        Assert.Null(credentials.SessionToken);
        Assert.Null(credentials.Expiration);
    }

    [Fact]
    public async Task A_non_zero_exit_is_a_one_line_error_naming_the_profile_and_the_code()
    {
        var error = await Assert.ThrowsAsync<CredentialsException>(() => Build(new ProcessResult(2, $$"""{"SecretAccessKey": "{{Secret}}"}""", string.Empty, false)).Provider.GetAsync());

        Assert.Equal("profile 'dev': credential_process exited with code 2 (its error output, if any, is shown above)", error.Message);
        Assert.Equal(ExitCodes.CredentialsFailed, error.ExitCode);
    }

    [Fact]
    public async Task A_helper_that_runs_too_long_is_reported_as_a_timeout()
    {
        var error = await Assert.ThrowsAsync<CredentialsException>(() => Build(new ProcessResult(-1, string.Empty, string.Empty, TimedOut: true)).Provider.GetAsync());

        Assert.Equal(ExitCodes.Timeout, error.ExitCode);
        Assert.Contains("did not finish within 120 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("invalid json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"Version\": 1,")]
    [InlineData("{\"Version\": 1} {\"Version\": 1}")]
    public async Task Output_that_is_not_one_json_object_is_refused(string stdout)
    {
        var error = await Fails(stdout);

        Assert.StartsWith("profile 'dev': credential_process printed output that is not usable:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}", "printed no \"Version\"")]
    [InlineData("{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}", "unsupported \"Version\" 2")]
    [InlineData("{\"Version\": \"1\", \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}", "\"Version\" that is not a number")]
    [InlineData("{\"Version\": 1, \"SecretAccessKey\": \"S\"}", "printed no \"AccessKeyId\" (required)")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": \"A\"}", "printed no \"SecretAccessKey\" (required)")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"  \"}", "printed no \"SecretAccessKey\" (required)")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": 5, \"SecretAccessKey\": \"S\"}", "\"AccessKeyId\" that is not a string")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"Expiration\": \"2026-11-22T12:00:00\"}", "not an ISO 8601 time with a zone")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"Expiration\": \"tomorrow\"}", "not an ISO 8601 time with a zone")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"Expiration\": \"2026-11-21T11:59:59Z\"}", "expired at 2026-11-21 11:59:59Z")]
    public async Task Each_contract_violation_gets_its_own_message(string stdout, string expected)
    {
        var error = await Fails(stdout);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"Version\": 2, \"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"SECRET\", \"SessionToken\": \"TOKEN\"}")]
    [InlineData("{\"Version\": 1, \"SecretAccessKey\": \"SECRET\", \"SessionToken\": \"TOKEN\"}")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"SECRET\", \"SessionToken\": \"TOKEN\", \"Expiration\": \"SECRET\"")]
    [InlineData("SECRET TOKEN")]
    [InlineData("{\"Version\": 1, \"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"SECRET\" \"SessionToken\": \"TOKEN\"}")]
    public async Task Errors_never_repeat_the_secret_values_the_helper_printed(string template)
    {
        var error = await Fails(template.Replace("SECRET", Secret, StringComparison.Ordinal).Replace("TOKEN", Token, StringComparison.Ordinal));

        SecretScan.AssertNoSecrets(error.Message, Secret, Token);
    }

    [Fact]
    public async Task The_command_line_is_not_part_of_any_error()
    {
        var runner = new ScriptedProcessRunner(_ => new ProcessResult(1, string.Empty, string.Empty, false));
        var provider = new CredentialProcessProvider("dev", $"helper --secret {Secret}", null, runner, new TestEnvironment(), _time);

        var error = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetAsync());

        SecretScan.AssertNoSecrets(error.Message, Secret);
    }

    [Fact]
    public async Task A_real_shell_pipeline_works_and_the_helpers_stderr_does_not_break_parsing()
    {
        var provider = new CredentialProcessProvider(
            "dev",
            """printf '{"Version": 1, "AccessKeyId": "AKIAPIPE", "SecretAccessKey": "%s"}' "$(echo s3cr3t-from-pipe | tr a-z A-Z)"; echo 'helper says hi' >&2""",
            null,
            ProcessRunner.Instance,
            new TestEnvironment(),
            _time);

        var credentials = await provider.GetAsync();

        Assert.Equal("AKIAPIPE", credentials.AccessKeyId);
        Assert.Equal("S3CR3T-FROM-PIPE", credentials.SecretAccessKey);
    }
}
