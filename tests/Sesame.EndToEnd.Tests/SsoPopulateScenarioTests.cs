using System.Diagnostics;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Sandbox;
using Sesame.Sandbox.Clients;
using Sesame.Testing;
using Xunit.Abstractions;

namespace Sesame.EndToEnd.Tests;

/// <summary>
/// <c>sso populate</c> against an organisation of 1,000 accounts × 5 permission sets whose portal
/// throttles at 20 requests a second per operation (the issue's scale run; CI budget 5 minutes).
/// </summary>
public sealed class SsoPopulateScenarioTests(SsoPopulateScenarioTests.LargeOrganisation fixture, ITestOutputHelper output)
    : IClassFixture<SsoPopulateScenarioTests.LargeOrganisation>
{
    private const string HandWritten = """
        # my own settings: populate must keep every byte of this
        [default]
        region = eu-west-1   # home

        [profile keep-me]
        sso_session = sandbox
        sso_account_id = 100000000000
        sso_role_name = ReadOnly

        """;

    [Fact]
    public async Task Populate_writes_5000_profiles_under_throttling_in_budget_and_a_second_run_changes_nothing()
    {
        using var home = fixture.Home();
        fixture.Sandbox.Sso.Throttle(requestsPerSecond: 20);
        var clock = Stopwatch.StartNew();

        var first = await home.RunAsync(SesameCli.Executable, ["sso", "populate", "--sso-session", "sandbox", "--region", "eu-west-1"], timeout: TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed;
        output.WriteLine($"populate of 1,000 accounts x 5 roles at 20 requests/s: {elapsed.TotalSeconds:F1} s; {first.Stdout.Trim()}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(elapsed < TimeSpan.FromMinutes(5), $"took {elapsed}");
        var config = File.ReadAllText(home.ConfigFile);
        Assert.StartsWith(HandWritten, config, StringComparison.Ordinal);
        // 1,000 accounts x 5 roles, less the one role (100000000000 / ReadOnly) that keep-me already covers by hand.
        Assert.Equal(4999, config.Split('\n').Count(l => l == "sesame_generated = sandbox"));
        Assert.DoesNotContain("[profile account-0000-ReadOnly]", config, StringComparison.Ordinal);
        Assert.Contains("\n[profile account-0999-Audit]\nsso_session = sandbox\nsso_account_id = 100000000999\nsso_role_name = Audit\nregion = eu-west-1\nsesame_generated = sandbox\n", config, StringComparison.Ordinal);
        Assert.Equal(1000, fixture.Sandbox.Sso.Calls.Where(c => c.Action == "ListAccountRoles" && c.Succeeded).Count);
        Assert.Equal(10, fixture.Sandbox.Sso.Calls.Where(c => c.Action == "ListAccounts" && c.Succeeded).Count);
        Assert.Contains(fixture.Sandbox.Sso.Calls.Of("ListAccountRoles"), c => c.ErrorCode == "TooManyRequestsException");
        Assert.Contains("4999 added, 0 updated, 0 removed, 0 unchanged", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("left as is: keep-me", first.Stdout, StringComparison.Ordinal);

        var before = File.ReadAllBytes(home.ConfigFile);
        var written = File.GetLastWriteTimeUtc(home.ConfigFile);
        var second = await home.RunAsync(SesameCli.Executable, ["sso", "populate", "--sso-session", "sandbox", "--region", "eu-west-1"], timeout: TimeSpan.FromMinutes(5));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("no changes to ~/.aws/config", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(home.ConfigFile));
        Assert.Equal(written, File.GetLastWriteTimeUtc(home.ConfigFile));
        SecretScan.AssertNoSecrets(first.Stdout + first.Stderr + second.Stdout + second.Stderr, fixture.AccessToken);
    }

    [Fact]
    public async Task Dry_run_prints_a_unified_diff_and_writes_nothing_and_prune_removes_only_generated_profiles()
    {
        using var home = fixture.Home();
        fixture.Sandbox.Sso.Unthrottle();
        var generated = """

            [profile account-0000-Gone]
            sso_session = sandbox
            sso_account_id = 100000000000
            sso_role_name = Gone
            sesame_generated = sandbox

            """;
        home.WriteConfig(File.ReadAllText(home.ConfigFile) + generated);
        var before = File.ReadAllBytes(home.ConfigFile);

        var dryRun = await home.RunAsync(SesameCli.Executable, ["sso", "populate", "--sso-session", "sandbox", "--prune", "--dry-run"], timeout: TimeSpan.FromMinutes(5));

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(before, File.ReadAllBytes(home.ConfigFile));
        Assert.StartsWith("--- a/~/.aws/config\n+++ b/~/.aws/config\n@@ ", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n-[profile account-0000-Gone]\n", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n+[profile account-0000-Admin]\n", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n+[profile account-0999-Audit]\n+sso_session = sandbox\n+sso_account_id = 100000000999\n+sso_role_name = Audit\n+sesame_generated = sandbox\n", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(4999, dryRun.Stdout.Split('\n').Count(l => l.StartsWith("+[profile ", StringComparison.Ordinal)));
        Assert.DoesNotContain("keep-me", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("would write ~/.aws/config: 4999 added, 0 updated, 1 removed, 0 unchanged. Nothing was written.", dryRun.Stderr, StringComparison.Ordinal);

        var prune = await home.RunAsync(SesameCli.Executable, ["sso", "populate", "--sso-session", "sandbox", "--prune"], timeout: TimeSpan.FromMinutes(5));
        Assert.True(prune.ExitCode == 0, prune.ToString());
        var config = File.ReadAllText(home.ConfigFile);
        Assert.DoesNotContain("account-0000-Gone", config, StringComparison.Ordinal);
        Assert.StartsWith(HandWritten, config, StringComparison.Ordinal);
    }

    /// <summary>The large organisation, started once; each test gets a home holding a valid token.</summary>
    public sealed class LargeOrganisation : IAsyncLifetime
    {
        public global::Sesame.Sandbox.Sandbox Sandbox { get; private set; } = null!;

        public string AccessToken { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Sandbox = await global::Sesame.Sandbox.Sandbox.StartAsync(new Organisation
            {
                IdentityCenter = IdentityCenter.Generated(1000, "ReadOnly", "PowerUser", "Admin", "Billing", "Audit"),
            });
            AccessToken = Sandbox.Sso.IssueAccessToken("alice");
        }

        public async Task DisposeAsync() => await Sandbox.DisposeAsync();

        public ClientHome Home()
        {
            var home = Sandbox.CreateHome(profiles: false).WithStore();
            home.WriteConfig(HandWritten + "[sso-session sandbox]\nsso_start_url = " + Sandbox.Sso.StartUrl + "\nsso_region = " + Sandbox.Sso.Region + "\n");
            home.WriteFile(
                ".aws/sso/cache/9ed037b84943c4caa3a520e48a5540181c46c98c.json",
                $$"""{"startUrl": "{{Sandbox.Sso.StartUrl}}", "region": "{{Sandbox.Sso.Region}}", "accessToken": "{{AccessToken}}", "expiresAt": "{{DateTimeOffset.UtcNow.AddHours(4):yyyy-MM-ddTHH:mm:ssZ}}"}""");
            Sandbox.Sso.Calls.Clear();
            return home;
        }
    }
}
