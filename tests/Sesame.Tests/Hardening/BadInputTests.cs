using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>
/// The attack's bad inputs through the real binary: each is one typed error line with exit 2 (or
/// the documented code), never exit 1 "this is a bug", never a hang. The settings source should
/// name where a bad region or endpoint came from; until it does, the STS client refuses it typed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BadInputTests
{
    private const string Chain = "[profile base]\naws_access_key_id = AKIAEXAMPLEBASEKEY01\naws_secret_access_key = s\n\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n";

    [Theory]
    [InlineData("region = -1", null, null)]
    [InlineData("region = us_east_1", null, null)]
    [InlineData(null, "AWS_REGION", "  7 ")]
    [InlineData(null, "AWS_DEFAULT_REGION", "x y")]
    [InlineData(null, "AWS_ENDPOINT_URL_STS", "auto")]
    [InlineData(null, "AWS_ENDPOINT_URL_STS", "http://[::1")]
    [InlineData(null, "AWS_ENDPOINT_URL_STS", "ftp://127.0.0.1/")]
    [InlineData(null, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "garbage")]
    [InlineData(null, "XDG_RUNTIME_DIR", "/dev/null")]
    [InlineData(null, "SESAME_LOCK_DIR", "/dev/null")]
    [InlineData(null, "AWS_CONFIG_FILE", "/")]
    public async Task A_bad_setting_is_a_typed_error_not_a_crash(string? configLine, string? variable, string? value)
    {
        using var home = new TempDirectory("sesame-harden-home");
        home.Write(".aws/config", Chain + (configLine is null ? string.Empty : configLine + "\n"));
        var environment = Binary.Environment_(home.Path, ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), ("AWS_MAX_ATTEMPTS", "1"));
        if (variable is not null)
        {
            environment[variable] = value!;
        }

        var run = await Binary.RunAsync(["export", "app"], environment, timeout: TimeSpan.FromSeconds(60));

        Assert.NotEqual(1, run.ExitCode);
        Assert.DoesNotContain("this is a bug", run.StandardError, StringComparison.Ordinal);
        Assert.StartsWith("sesame: error: ", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.StandardError.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_helper_time_limit_beyond_any_duration_is_a_typed_error_naming_the_setting()
    {
        using var home = new TempDirectory("sesame-harden-home");
        var helper = home.Write("helper.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAX\", \"SecretAccessKey\": \"s\"}'\n");
        File.SetUnixFileMode(helper, (UnixFileMode)Convert.ToInt32("700", 8));
        home.Write(".aws/config", $"[profile p]\ncredential_process = {helper}\n");

        var run = await Binary.RunAsync(["credential-process", "p"], Binary.Environment_(home.Path, ("SESAME_HELPER_TIMEOUT", "10000000d")));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("sesame: error: SESAME_HELPER_TIMEOUT '10000000d' is not a duration", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.StandardError.TrimEnd().Split('\n'));
    }
}
