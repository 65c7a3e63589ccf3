using System.Text.Json.Nodes;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Sandbox;
using Sesame.Sandbox.Hosting;
using Sesame.Testing;
using static Sesame.EndToEnd.Tests.Infrastructure.SsoSandboxFixture;

namespace Sesame.EndToEnd.Tests;

/// <summary>Bad input around IAM Identity Center: one line, what to do, a documented exit code, no secret, nothing overwritten.</summary>
public sealed class SsoFailureScenarioTests(SsoSandboxFixture fixture) : IClassFixture<SsoSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    [Fact]
    public async Task A_denied_authorization_exits_3_with_one_line_and_writes_no_token()
    {
        using var test = fixture.NewHome();
        var login = SesameCli.RunAsync(test.Home, "sso", "login", "--sso-session", Session);
        await Sandbox.Sso.AuthorizeAsync(await test.Browser.WaitForUrlAsync(TimeSpan.FromSeconds(60)), deny: true);
        var run = await login;

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("sesame: error: the sign-in for 'sandbox' was denied in the browser; run `sesame sso login --sso-session sandbox` again and choose Allow", LastLine(run.Stderr));
        Assert.Equal(string.Empty, run.Stdout);
        Assert.False(File.Exists(test.TokenFile));
    }

    [Fact]
    public async Task An_unknown_start_url_exits_2_naming_the_setting()
    {
        using var test = fixture.NewHome(autoApprove: true);
        File.AppendAllText(test.Home.ConfigFile, "\n[sso-session elsewhere]\nsso_start_url = https://d-0000000000.awsapps.com/start\nsso_region = us-east-1\n");

        var run = await SesameCli.RunAsync(test.Home, "sso", "login", "--sso-session", "elsewhere", "--use-device-code", "--no-browser");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("sesame: error: IAM Identity Center refused the login for 'elsewhere' (StartDeviceAuthorization: InvalidRequestException", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("check sso_start_url = https://d-0000000000.awsapps.com/start and sso_region = us-east-1 in [sso-session elsewhere]\n", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_revoked_refresh_token_exits_5_and_says_to_sign_in_again()
    {
        using var test = fixture.NewHome(autoApprove: true);
        test.Browser.Follow();
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "sso", "login", "--sso-session", Session)).ExitCode);
        var token = JsonNode.Parse(File.ReadAllText(test.TokenFile))!;
        token["expiresAt"] = "2020-01-01T00:00:00Z";
        File.WriteAllText(test.TokenFile, token.ToJsonString());
        Sandbox.Sso.Faults.Add(Fault.ExpiredToken, times: 1, action: "CreateToken");

        var run = await test.Home.RunAsync("setsid", ["-w", SesameCli.Executable, "credential-process", "sso-dev-read-only"]);

        Assert.Equal(5, run.ExitCode);
        Assert.Equal(
            "sesame: error: profile 'sso-dev-read-only': the IAM Identity Center session 'sandbox' has expired (the cached token expired at 2020-01-01 00:00:00Z) and could not be renewed without a browser (CreateToken with the refresh token failed: InvalidGrantException (HTTP 400)); run `sesame sso login --sso-session sandbox`\n",
            run.Stderr);
        SecretScan.AssertNoSecrets(run.Stderr, (string?)token["accessToken"], (string?)token["refreshToken"], (string?)token["clientSecret"]);
    }

    [Fact]
    public async Task A_corrupted_cache_file_exits_5_and_is_replaced_only_by_a_successful_login()
    {
        using var test = fixture.NewHome(autoApprove: true);
        test.Browser.Follow();
        test.Home.WriteFile(Path.GetRelativePath(test.Home.Path, test.TokenFile), "{\"accessToken\": \"aoa-truncated");

        var run = await test.Home.RunAsync("setsid", ["-w", SesameCli.Executable, "credential-process", "sso-dev-read-only"]);

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("has a damaged cached token", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("run `sesame sso login --sso-session sandbox`", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("aoa-truncated", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("{\"accessToken\": \"aoa-truncated", File.ReadAllText(test.TokenFile));
        Assert.Equal(13, (await SesameCli.RunAsync(test.Home, "status", "sso-dev-read-only")).ExitCode);

        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "sso", "login", "--sso-session", Session)).ExitCode);
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(test.TokenFile))!["refreshToken"]);
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "credential-process", "sso-dev-read-only")).ExitCode);
    }

    [Fact]
    public async Task An_expired_device_code_exits_3_and_says_to_start_again()
    {
        await using var sandbox = await global::Sesame.Sandbox.Sandbox.StartAsync(
            new Organisation { IdentityCenter = new IdentityCenter { Accounts = [new SsoAccount(Dev, "dev", ["ReadOnly"])] } },
            new SandboxOptions { DeviceCodeLifetime = TimeSpan.FromSeconds(3) });
        using var home = sandbox.CreateHome().WithStore();

        var run = await SesameCli.RunAsync(home, "sso", "login", "--sso-session", Session, "--use-device-code", "--no-browser");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("sesame: error: the device code for 'sandbox' expired before it was approved; run `sesame sso login --sso-session sandbox --use-device-code` again and approve the new code", LastLine(run.Stderr));
        Assert.Contains(sandbox.Sso.DeviceAuthorizations.Single().UserCode, run.Stderr, StringComparison.Ordinal);
    }

    private static string LastLine(string text) => text.TrimEnd('\n').Split('\n')[^1];
}
