using System.Diagnostics;
using System.Text.Json.Nodes;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Sandbox.Hosting;
using static Sesame.EndToEnd.Tests.Infrastructure.ChainOrganisation;

namespace Sesame.EndToEnd.Tests;

/// <summary>exec, export, status and clear against the sandbox, through the real executable.</summary>
public sealed class DeliveryScenarioTests(ChainSandboxFixture fixture) : IClassFixture<ChainSandboxFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    [Fact]
    public async Task Exec_sets_credentials_and_region_removes_aws_profile_and_passes_the_exit_code()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        home.Set("AWS_PROFILE", "something-else");
        var run = await home.RunAsync(SesameCli.Executable, ["exec", "plain", "--", "sh", "-c", "echo \"$AWS_ACCESS_KEY_ID|${AWS_PROFILE:-unset}|$SESAME_PROFILE|$AWS_REGION|$AWS_DEFAULT_REGION|${AWS_SESSION_TOKEN:+token}|${AWS_CREDENTIAL_EXPIRATION:+expiry}\"; exit 7"]);
        Assert.Equal(7, run.ExitCode);
        var fields = run.Stdout.Trim().Split('|');
        Assert.StartsWith("ASIA", fields[0], StringComparison.Ordinal);
        Assert.Equal(["unset", "plain", Sandbox.Region, Sandbox.Region, "token", "expiry"], fields[1..]);
    }

    [Fact]
    public async Task Exec_hands_signals_to_the_command_because_it_becomes_the_command()
    {
        using var test = fixture.NewHome();
        var start = new ProcessStartInfo(SesameCli.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", "plain", "--", "sh", "-c", "trap 'echo got-term; exit 42' TERM; echo ready; while :; do sleep 0.1; done" })
        {
            start.ArgumentList.Add(argument);
        }

        Sesame.Testing.CallerEnvironment.Scrub(start);
        foreach (var (key, value) in test.Home.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            Assert.Equal("got-term", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(42, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Exec_refuses_to_nest_unless_asked_and_reports_a_missing_command_like_a_shell()
    {
        using var test = fixture.NewHome();
        var nested = await test.Home.RunAsync(SesameCli.Executable, ["exec", "plain", "--", "true"], extraEnvironment: new Dictionary<string, string> { ["SESAME_PROFILE"] = "outer" });
        Assert.Equal(2, nested.ExitCode);
        Assert.Equal("sesame: error: already inside 'sesame exec outer'; exit that shell first, or pass --allow-nested", nested.Stderr.Trim());

        var allowed = await test.Home.RunAsync(SesameCli.Executable, ["exec", "plain", "--allow-nested", "--", "sh", "-c", "echo $SESAME_PROFILE"], extraEnvironment: new Dictionary<string, string> { ["SESAME_PROFILE"] = "outer" });
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal("plain", allowed.Stdout.Trim());

        var missing = await SesameCli.RunAsync(test.Home, "exec", "plain", "--", "no-such-command-xyz");
        Assert.Equal(127, missing.ExitCode);
        Assert.Equal("sesame: error: command not found: no-such-command-xyz", missing.Stderr.Trim());
    }

    [Fact]
    public async Task Export_output_evaluated_by_a_shell_gives_the_aws_cli_the_profiles_identity()
    {
        using var test = fixture.NewHome();
        var script = $"eval \"$('{SesameCli.Executable}' export plain)\" && {AwsCli.Path} sts get-caller-identity --query Arn --output text";
        var run = await test.Home.RunAsync("bash", ["-c", script]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"arn:aws:sts::{Prod}:assumed-role/Plain/plain-e2e", run.Stdout.Trim());
    }

    [Fact]
    public async Task Export_formats_agree_with_credential_process_and_bad_formats_exit_2()
    {
        using var test = fixture.NewHome();
        var process = await SesameCli.RunAsync(test.Home, "credential-process", "plain");
        var asProcess = await SesameCli.RunAsync(test.Home, "export", "plain", "--format", "process");
        Assert.Equal(process.Stdout, asProcess.Stdout);
        var json = JsonNode.Parse((await SesameCli.RunAsync(test.Home, "export", "plain", "--format", "json")).Stdout)!;
        Assert.Equal(JsonNode.Parse(process.Stdout)!["SecretAccessKey"]!.GetValue<string>(), json["SecretAccessKey"]!.GetValue<string>());
        Assert.Equal(Sandbox.Region, json["Region"]!.GetValue<string>());
        Assert.Equal(Prod, json["AccountId"]!.GetValue<string>());
        var bad = await SesameCli.RunAsync(test.Home, "export", "plain", "--format", "yaml");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal(1, Sandbox.Sts.Calls.Count("AssumeRole"));
    }

    [Fact]
    public async Task Status_follows_the_cache_and_clear_drops_it_without_calling_aws()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        Assert.Equal(11, (await SesameCli.RunAsync(home, "status", "plain")).ExitCode);
        Assert.Equal(12, (await SesameCli.RunAsync(home, "status", "three")).ExitCode);
        Assert.Equal(0, (await SesameCli.RunAsync(home, "credential-process", "plain")).ExitCode);

        var valid = await SesameCli.RunAsync(home, "status", "plain", "--json");
        Assert.Equal(0, valid.ExitCode);
        var report = JsonNode.Parse(valid.Stdout)!;
        Assert.Equal("valid", report["state"]!.GetValue<string>());
        Assert.InRange(report["remaining_seconds"]!.GetValue<long>(), 3000, 3600);
        Assert.Equal(0, (await SesameCli.RunAsync(home, "status", "alice")).ExitCode);

        var calls = Sandbox.Sts.Calls.All.Count;
        var cleared = await SesameCli.RunAsync(home, "clear", "plain");
        Assert.Equal("cleared 1 cached session", cleared.Stdout.Trim());
        Assert.Equal(11, (await SesameCli.RunAsync(home, "status", "plain")).ExitCode);
        Assert.Equal(calls, Sandbox.Sts.Calls.All.Count);
        Assert.Equal("cleared 0 cached sessions", (await SesameCli.RunAsync(home, "clear", "--all")).Stdout.Trim());
    }

    [Fact]
    public async Task Status_with_an_mfa_helper_says_renewable_instead_of_needs_mfa()
    {
        using var test = fixture.NewHome();
        var mfa = new MfaHelper(test.Home);
        test.Home.WriteConfig(File.ReadAllText(test.Home.ConfigFile).Replace($"mfa_serial = {test.MfaSerial}", $"mfa_serial = {test.MfaSerial}\n{mfa.ConfigLine}", StringComparison.Ordinal));
        Assert.Equal(11, (await SesameCli.RunAsync(test.Home, "status", "three")).ExitCode);
        Assert.Equal(0, mfa.Runs);
    }

    [Fact]
    public async Task A_failed_refresh_uses_the_still_valid_cached_credentials_with_a_warning()
    {
        using var test = fixture.NewHome();

        // Ten-minute credentials are inside the refresh window (15 minutes) at once.
        Sandbox.Sts.AssumedRoleLifetime = TimeSpan.FromMinutes(10);
        var first = await SesameCli.RunAsync(test.Home, "credential-process", "plain");
        Assert.Equal(0, first.ExitCode);
        Sandbox.Sts.Faults.Add(Fault.ServerError, times: 6, action: "AssumeRole");
        try
        {
            var second = await SesameCli.RunAsync(test.Home, "credential-process", "plain");
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.Equal(first.Stdout, second.Stdout);
            Assert.Contains("sesame: warning: ", second.Stderr, StringComparison.Ordinal);
            Assert.Contains("using cached credentials valid until", second.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Sandbox.Sts.Faults.Clear();
            Sandbox.Sts.AssumedRoleLifetime = null;
        }
    }

    [Fact]
    public async Task Throttling_is_retried_as_the_sdk_does()
    {
        using var test = fixture.NewHome();
        Sandbox.Sts.Faults.Add(Fault.Throttling, times: 2, action: "AssumeRole");
        try
        {
            var run = await SesameCli.RunAsync(test.Home, "credential-process", "plain");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(3, Sandbox.Sts.Calls.Count("AssumeRole"));
        }
        finally
        {
            Sandbox.Sts.Faults.Clear();
        }
    }

    [Fact]
    public async Task After_lock_a_cached_session_is_not_served_without_the_passphrase()
    {
        using var test = fixture.NewHome();
        var home = test.Home;
        Assert.Equal(0, (await SesameCli.RunAsync(home, "credential-process", "plain")).ExitCode);
        var fromCache = await SesameCli.RunAsync(home, "credential-process", "plain");
        Assert.Equal(1, Sandbox.Sts.Calls.Count("AssumeRole"));

        Assert.Equal(0, (await SesameCli.RunAsync(home, "lock")).ExitCode);
        var passphrase = home.Environment["SESAME_FILE_PASSPHRASE"];
        home.Set("SESAME_FILE_PASSPHRASE", null);
        var locked = await SesameCli.RunAsync(home, "credential-process", "plain");

        // Without the passphrase nothing cached can be read: not from the store, not from the kernel keyring.
        Assert.NotEqual(fromCache.Stdout, locked.Stdout);
        home.Set("SESAME_FILE_PASSPHRASE", passphrase);
        var unlocked = await SesameCli.RunAsync(home, "credential-process", "plain");
        Assert.Equal(0, unlocked.ExitCode);
    }

    [Fact]
    public async Task A_cached_answer_and_status_open_none_of_the_heavy_assemblies()
    {
        // credential_process runs on every AWS CLI call and status on every shell prompt: each of
        // these costs milliseconds to load (docs/benchmarks.md), and none is needed for a cached answer.
        if (!File.Exists("/usr/bin/strace"))
        {
            throw new InvalidOperationException("this test needs strace to see which assemblies the real binary opens: apt-get install strace");
        }

        using var test = fixture.NewHome();
        var home = test.Home;
        var fetched = await SesameCli.RunAsync(home, "credential-process", "plain");
        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        // The Native AOT binary loads no assemblies at all; there the heavy things are native libraries
        // (OpenSSL, ICU) and any managed assembly at all, which would mean it is not the AOT build.
        string[] heavy = Sesame.Testing.SesameBinary.IsNativeAot
            ? ["libssl", "libcrypto", "libicu", ".dll"]
            :
            [
                "AWSSDK", "System.CommandLine.dll", "QRCoder.dll", "Microsoft.Identity.Client",
                "System.Linq.dll", "System.Text.Json.dll", "System.Text.RegularExpressions.dll", "System.Net.Http.dll",
                "System.Security.Cryptography.dll", "System.Private.Xml.dll", "System.Text.Encoding.Extensions.dll",
            ];
        foreach (var command in new[] { "credential-process", "status" })
        {
            var trace = Path.Combine(home.Path, $"strace-{command}.txt");
            var run = await home.RunAsync("/usr/bin/strace", ["-f", "-e", "trace=openat,open", "-o", trace, SesameCli.Executable, command, "plain"]);

            Assert.True(run.ExitCode == 0, run.ToString());
            var opened = File.ReadAllText(trace);
            // The trace saw the program start: the JIT build opens its assemblies, the AOT build its config files.
            Assert.Contains(Sesame.Testing.SesameBinary.IsNativeAot ? home.ConfigFile : "Sesame.Core.dll", opened, StringComparison.Ordinal);
            var loaded = heavy.Where(name => opened.Contains(name, StringComparison.Ordinal)).ToList();
            Assert.True(loaded.Count == 0, $"{command} opened on a cached answer: {string.Join(", ", loaded)}");
            if (command == "credential-process")
            {
                Assert.Equal(fetched.Stdout, run.Stdout);
            }
            else
            {
                Assert.StartsWith("plain: valid: valid until ", run.Stdout, StringComparison.Ordinal);
            }
        }
    }
}
