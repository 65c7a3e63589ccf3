using Sesame.Core.Caching;
using Sesame.Core.Platform;
using Sesame.Tests.Engine;
using Sesame.Testing;

namespace Sesame.Tests.Cli.Servers;

/// <summary><c>export --to-profile</c>, <c>refresh</c> and <c>refresh --install</c>, in process.</summary>
public sealed class RefreshCommandTests : IDisposable
{
    private const string Comment = "# my own notes, kept\n";

    private readonly SesameTester _cli = new();
    private readonly FakeSts _sts;

    public RefreshCommandTests()
    {
        _sts = new FakeSts(_cli.Time);
        _cli.Sts = () => _sts;
        _cli.CredentialCache = new MemoryCredentialCache();
        _cli.WithConfig(ExecCommandTests.Config).WithCredentials(Comment + ExecCommandTests.Credentials + "\n[other]\nregion = us-east-1\n");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void To_profile_writes_the_session_with_expiration_and_marker_and_keeps_every_other_line()
    {
        var before = File.ReadAllText(_cli.CredentialsPath);

        var run = _cli.Run("export", "dev", "--to-profile", "dev-session");

        Assert.Equal(0, run.Exit);
        Assert.Equal(string.Empty, run.Out);
        Assert.Contains("wrote the credentials of 'dev' to [dev-session]", run.Err, StringComparison.Ordinal);
        var after = File.ReadAllText(_cli.CredentialsPath);
        Assert.StartsWith(before, after, StringComparison.Ordinal);
        Assert.Contains("[dev-session]\naws_access_key_id = ASIAFAKE00000001\naws_secret_access_key = secret-1\naws_session_token = token-1\nexpiration = 2026-11-21T13:00:15Z\naws_account_id = 111111111111\nsesame_source_profile = dev\n", after, StringComparison.Ordinal);
        _cli.AssertNothingLeaked("secret-1", "token-1");
    }

    [Fact]
    public void To_profile_refuses_a_section_it_did_not_write_and_the_source_itself_before_asking_sts()
    {
        var foreign = _cli.Run("export", "dev", "--to-profile", "other");
        var itself = _cli.Run("export", "dev", "--to-profile", "dev");
        var unnamed = _cli.Run("export", "--to-profile", "x");
        var both = _cli.Run("export", "dev", "--to-profile", "x", "--format", "json");

        SesameTester.AssertOneLineError(foreign.Err, "[other] in the credentials file was not written by Sesame");
        SesameTester.AssertOneLineError(itself.Err, "cannot write the credentials of 'dev' into its own profile");
        SesameTester.AssertOneLineError(unnamed.Err, "--to-profile needs the profile to take the credentials from");
        SesameTester.AssertOneLineError(both.Err, "--format and --to-profile do not go together");
        Assert.All(new[] { foreign, itself, unnamed, both }, r => Assert.Equal(2, r.Exit));
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public void Refresh_renews_only_what_is_within_the_window_one_line_per_profile()
    {
        Assert.Equal(0, _cli.Run("export", "dev", "--to-profile", "dev-session").Exit);
        Assert.Equal(0, _cli.Run("export", "user", "--to-profile", "user-session").Exit);

        var fresh = _cli.Run("refresh");
        Assert.Equal(0, fresh.Exit);
        Assert.Equal("dev-session: fresh until 2026-11-21T13:00:15Z\nuser-session: fresh until 2026-11-22T00:00:15Z\n", fresh.Out);

        // 35 minutes on, the role's hour-long session is within the 30-minute window; the user's 12-hour one is not.
        _cli.Time.Advance(TimeSpan.FromMinutes(35));
        var calls = _sts.Calls.Count;
        var renewed = _cli.Run("refresh");

        Assert.Equal(0, renewed.Exit);
        Assert.Equal("dev-session: renewed from dev until 2026-11-21T13:35:15Z\nuser-session: fresh until 2026-11-22T00:00:15Z\n", renewed.Out);
        Assert.Equal(["AssumeRole"], _sts.Calls.Skip(calls));
        Assert.Contains("expiration = 2026-11-21T13:35:15Z", File.ReadAllText(_cli.CredentialsPath), StringComparison.Ordinal);
        Assert.StartsWith(Comment, File.ReadAllText(_cli.CredentialsPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_exits_15_when_a_profile_needs_an_mfa_code_nobody_can_give_and_still_renews_the_others()
    {
        Assert.Equal(0, _cli.Run("export", "dev", "--to-profile", "dev-session").Exit);
        Assert.Equal(0, _cli.Run("export", "user", "--to-profile", "user-session").Exit);
        _cli.WithConfig(ExecCommandTests.Config.Replace("source_profile = user", "source_profile = user\nmfa_serial = arn:aws:iam::111111111111:mfa/alice", StringComparison.Ordinal));
        _cli.Time.Advance(TimeSpan.FromHours(12));

        var run = _cli.Run("refresh");

        Assert.Equal(15, run.Exit);
        Assert.StartsWith("dev-session: failed: ", run.Err, StringComparison.Ordinal);
        Assert.Contains("user-session: renewed from user", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_with_nothing_written_says_so()
    {
        var run = _cli.Run("refresh");

        Assert.Equal(0, run.Exit);
        Assert.Contains("nothing to renew", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_writes_the_systemd_user_units_and_enables_the_timer_through_the_process_runner()
    {
        var bin = Directory.CreateDirectory(_cli.Temp.Combine("bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "systemctl"), "#!/bin/sh\nexit 0\n");
        _cli.Environment["PATH"] = bin;
        var runner = new ScriptedProcessRunner(_ => new ProcessResult(0, string.Empty, string.Empty, false));
        _cli.Processes = runner;

        var run = _cli.Run("refresh", "--install");

        Assert.Equal(0, run.Exit);
        var units = Path.Combine(_cli.Home, ".config", "systemd", "user");
        var service = File.ReadAllText(Path.Combine(units, "sesame-refresh.service"));
        Assert.Contains($"ExecStart=\"{Environment.ProcessPath}\" \"refresh\"", service, StringComparison.Ordinal);
        Assert.Contains($"Environment=\"AWS_CONFIG_FILE={_cli.ConfigPath}\"", service, StringComparison.Ordinal);
        Assert.DoesNotContain("PASSPHRASE", service, StringComparison.Ordinal);
        Assert.Contains("OnCalendar=*:0/15", File.ReadAllText(Path.Combine(units, "sesame-refresh.timer")), StringComparison.Ordinal);
        Assert.Equal(
            ["--user daemon-reload", "--user enable --now sesame-refresh.timer"],
            runner.Runs.Select(r => string.Join(' ', r.Arguments)));
        Assert.All(runner.Runs, r => Assert.Equal(Path.Combine(bin, "systemctl"), r.FileName));
        Assert.Contains("enabled sesame-refresh.timer", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_without_systemd_prints_the_crontab_line_and_writes_nothing()
    {
        _cli.Environment["PATH"] = Directory.CreateDirectory(_cli.Temp.Combine("empty-bin")).FullName;

        var run = _cli.Run("refresh", "--install");

        Assert.Equal(0, run.Exit);
        Assert.Contains("systemd is not available here", run.Err, StringComparison.Ordinal);
        Assert.StartsWith($"*/15 * * * * ", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{Environment.ProcessPath} refresh >> ", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PASSPHRASE", run.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cli.Home, ".config", "systemd")));
    }

    [Fact]
    public void Install_reports_a_failing_systemctl_with_the_crontab_alternative()
    {
        var bin = Directory.CreateDirectory(_cli.Temp.Combine("bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "systemctl"), "#!/bin/sh\nexit 1\n");
        _cli.Environment["PATH"] = bin;
        _cli.Processes = new ScriptedProcessRunner(_ => new ProcessResult(1, string.Empty, "Failed to connect to bus: No medium found\n", false));

        var run = _cli.Run("refresh", "--install");

        Assert.Equal(2, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "'systemctl --user daemon-reload' failed (Failed to connect to bus: No medium found); without a systemd user session, add this line with 'crontab -e' instead: */15 * * * *");
    }

    [Fact]
    public void Watch_and_install_together_are_refused()
    {
        var run = _cli.Run("refresh", "--watch", "--install");

        Assert.Equal(2, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "--watch and --install do not go together");
    }
}
