using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Sso.Populate;

namespace Sesame.Tests.Sso;

public sealed class PopulateTests
{
    private const string Path = "/home/.aws/config";

    private const string HandWritten = """
        # my settings
        [default]
        region = eu-west-1   # where I work

        [sso-session corp]
        sso_start_url = https://d-1234567890.awsapps.com/start
        sso_region = eu-west-1

        [profile Prod-Admin]
        # hand-written: must never be touched
        sso_session = corp
        sso_account_id = 222222222222
        sso_role_name = Admin

        """;

    private static SsoAccountRoles Account(string id, string name, params string[] roles) => new(new SsoAccountInfo(id, name, null), roles);

    private static readonly IReadOnlyList<SsoAccountRoles> Directory =
    [
        Account("111111111111", "Dev", "ReadOnly", "Admin"),
        Account("222222222222", "Prod", "Admin"),
        Account("333333333333", "Data Lake (EU)", "ReadOnly"),
    ];

    private static PopulateOptions Options(bool prune = false, string? region = null, string template = ProfileNameTemplate.Default)
        => new("corp", new ProfileNameTemplate(template), region, prune);

    private static PopulateResult Plan(string text, IReadOnlyList<SsoAccountRoles> directory, PopulateOptions options)
        => ProfilePopulator.Plan(ConfigFile.Parse(Path, ConfigFileKind.Config, Encoding.UTF8.GetBytes(text)), Path, directory, options);

    private static string After(PopulateResult result) => Encoding.UTF8.GetString(result.After);

    [Fact]
    public void New_profiles_are_appended_sorted_with_the_marker_and_every_other_byte_is_kept()
    {
        var result = Plan(HandWritten, Directory, Options(region: "eu-west-1"));
        var after = After(result);

        Assert.StartsWith(HandWritten, after, StringComparison.Ordinal);
        Assert.StartsWith(
            """

            [profile Data-Lake-EU-ReadOnly]
            sso_session = corp
            sso_account_id = 333333333333
            sso_role_name = ReadOnly
            region = eu-west-1
            sesame_generated = corp

            [profile Dev-Admin]
            """,
            after[HandWritten.Length..],
            StringComparison.Ordinal);
        // The hand-written [profile Prod-Admin] already points at account 222222222222's Admin: no twin beside it.
        Assert.DoesNotContain("Prod-Admin-222222222222", after, StringComparison.Ordinal);
        Assert.Equal(["Prod-Admin"], result.KeptHandWritten);
        Assert.Equal((3, 0, 0, 0), (result.Added, result.Updated, result.Removed, result.Unchanged));
        Assert.NotNull(ConfigFile.Parse(Path, ConfigFileKind.Config, result.After));
    }

    [Fact]
    public void A_second_run_changes_nothing_and_the_bytes_are_identical()
    {
        var first = After(Plan(HandWritten, Directory, Options()));

        var second = Plan(first, Directory, Options());

        Assert.False(second.HasChanges);
        Assert.Equal(Encoding.UTF8.GetBytes(first), second.After);
        Assert.Equal((0, 3), (second.Added, second.Unchanged));
    }

    [Fact]
    public void Prune_removes_only_generated_profiles_whose_role_is_gone()
    {
        var first = After(Plan(HandWritten, Directory, Options()));
        var smaller = new[] { Directory[0] with { Roles = ["ReadOnly"] }, Directory[1] };

        var kept = Plan(first, smaller, Options());
        var pruned = Plan(first, smaller, Options(prune: true));

        Assert.Equal((2, 0), (kept.Stale, kept.Removed));
        Assert.False(kept.HasChanges);
        Assert.Equal((0, 2), (pruned.Stale, pruned.Removed));
        var text = After(pruned);
        Assert.DoesNotContain("[profile Dev-Admin]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Data-Lake", text, StringComparison.Ordinal);
        Assert.Contains("# hand-written: must never be touched\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = Admin", text, StringComparison.Ordinal);
        Assert.Contains("region = eu-west-1   # where I work", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_region_updates_generated_profiles_in_place()
    {
        var first = After(Plan(HandWritten, Directory, Options(region: "eu-west-1")));

        var result = Plan(first, Directory, Options(region: "us-east-2"));

        Assert.Equal((0, 3), (result.Added, result.Updated));
        Assert.Equal(first.Replace("region = eu-west-1\nsesame", "region = us-east-2\nsesame", StringComparison.Ordinal), After(result));
    }

    [Fact]
    public void A_renamed_account_moves_its_generated_profiles_to_the_new_name()
    {
        var first = After(Plan(HandWritten, Directory, Options()));
        var renamed = new[] { Directory[0] with { Account = new SsoAccountInfo("111111111111", "Development", null) }, Directory[1], Directory[2] };

        var result = Plan(first, renamed, Options());

        Assert.Equal((2, 2, 2), (result.Added, result.Removed, result.Renamed));
        Assert.Contains("[profile Development-Admin]", After(result), StringComparison.Ordinal);
        Assert.DoesNotContain("[profile Dev-Admin]", After(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Colliding_names_are_resolved_the_same_way_every_time()
    {
        var twins = new[] { Account("444444444444", "Shared", "Admin"), Account("555555555555", "Shared", "Admin") };

        var once = After(Plan(string.Empty, twins, Options()));
        var reversed = After(Plan(string.Empty, [.. twins.Reverse()], Options()));

        Assert.Equal(once, reversed);
        Assert.Contains("[profile Shared-Admin]\nsso_session = corp\nsso_account_id = 444444444444", once, StringComparison.Ordinal);
        Assert.Contains("[profile Shared-Admin-555555555555]\nsso_session = corp\nsso_account_id = 555555555555", once, StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_files_stay_crlf()
    {
        var crlf = HandWritten.Replace("\n", "\r\n", StringComparison.Ordinal);

        var after = After(Plan(crlf, Directory, Options()));

        Assert.StartsWith(crlf, after, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", after.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{account_name}-{role}", "unknown placeholder {role}")]
    [InlineData("{account_name}", "must contain {role_name}")]
    public void Bad_templates_are_refused_with_exit_2(string template, string expected)
    {
        var error = Assert.Throws<SesameException>(() => new ProfileNameTemplate(template));
        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_sanitised_to_characters_every_sdk_accepts()
    {
        var template = new ProfileNameTemplate("{session}/{account_name}.{role_name}");
        Assert.Equal("corp/Data-Lake-EU.Read-Only", template.Render(new SsoAccountInfo("1", "Data Lake (EU)", null), "Read Only", "corp"));
        Assert.Equal("777", ProfileNameTemplate.Sanitize("  ()  ", "777"));
    }

    [Fact]
    public async Task The_reader_pages_through_everything_and_retries_throttled_calls()
    {
        var portal = new FakePortal(accounts: 5, "A", "B", "C");
        portal.ThrottleNext(7);
        var reader = new SsoDirectoryReader(portal, TimeProvider.System, new Random(1)) { BaseBackoff = TimeSpan.FromMilliseconds(1), Concurrency = 3 };
        var reports = new List<SsoListingProgress>();

        var directory = await reader.ListAsync("token", new SyncProgress(reports), CancellationToken.None);

        Assert.Equal(5, directory.Count);
        Assert.All(directory, d => Assert.Equal(["A", "B", "C"], d.Roles));
        Assert.Equal(7, reports[^1].Throttled);
        Assert.Equal((5, 5, 15), (reports[^1].Accounts, reports[^1].AccountsDone, reports[^1].Roles));
    }

    [Fact]
    public async Task The_reader_gives_up_after_its_attempts_with_the_portal_error()
    {
        var portal = new FakePortal(accounts: 1);
        portal.ThrottleNext(100);
        var reader = new SsoDirectoryReader(portal, TimeProvider.System) { BaseBackoff = TimeSpan.FromMilliseconds(1), MaxAttempts = 4 };

        var error = await Assert.ThrowsAsync<Core.Credentials.AwsServiceException>(() => reader.ListAsync("token", null, CancellationToken.None));

        Assert.Equal("TooManyRequestsException", error.ErrorCode);
        Assert.Equal(4, portal.Calls);
    }

    [Fact]
    public void The_diff_is_unified_with_context()
    {
        var before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        var after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";

        Assert.Equal(
            "--- a/x\n+++ b/x\n@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+i\n",
            UnifiedDiff.Create(before, after, "a/x", "b/x"));
        Assert.Equal(string.Empty, UnifiedDiff.Create(before, before, "a/x", "b/x"));
    }

    [Fact]
    public void The_diff_splits_distant_changes_into_hunks_and_handles_large_files()
    {
        var lines = Enumerable.Range(0, 40_000).Select(i => $"line {i}").ToList();
        var before = string.Join('\n', lines) + "\n";
        lines[10] = "changed";
        lines.RemoveAt(30_000);
        var after = string.Join('\n', lines) + "\n";

        var diff = UnifiedDiff.Create(before, after, "a", "b");

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("@@ -8,7 +8,7 @@\n line 7\n line 8\n line 9\n-line 10\n+changed\n", diff, StringComparison.Ordinal);
        Assert.Contains("-line 30000\n", diff, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(List<SsoListingProgress> reports) : IProgress<SsoListingProgress>
    {
        public void Report(SsoListingProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
