using Sesame.Core.Refresh;
using Sesame.Testing;

namespace Sesame.Tests.Refresh;

public sealed class RefreshScheduleTests
{
    [Fact]
    public void The_systemd_units_run_refresh_every_15_minutes_and_catch_up_after_sleep()
    {
        var units = RefreshSchedule.Systemd("/home/alice/.local/bin/sesame", ["refresh"], new Dictionary<string, string> { ["AWS_CONFIG_FILE"] = "/home/alice/aws/config" });

        Assert.Equal("sesame-refresh.service", units.ServiceName);
        Assert.Equal("sesame-refresh.timer", units.TimerName);
        Assert.Equal("""
            # Written by 'sesame refresh --install'; remove with 'systemctl --user disable --now sesame-refresh.timer'.
            [Unit]
            Description=Renew AWS credentials written by sesame export --to-profile

            [Service]
            Type=oneshot
            Environment="AWS_CONFIG_FILE=/home/alice/aws/config"
            ExecStart="/home/alice/.local/bin/sesame" "refresh"

            """, units.ServiceText);
        Assert.Equal("""
            # Written by 'sesame refresh --install'.
            [Unit]
            Description=Renew sesame-written AWS credentials on a schedule

            [Timer]
            OnCalendar=*:0/15
            Persistent=true
            AccuracySec=1min
            Unit=sesame-refresh.service

            [Install]
            WantedBy=timers.target

            """, units.TimerText);
    }

    [Fact]
    public void Systemd_values_are_quoted_so_spaces_percent_dollar_and_quotes_survive()
    {
        Assert.Equal("\"/opt/my tools/sesame\"", RefreshSchedule.SystemdQuote("/opt/my tools/sesame"));
        Assert.Equal("\"100%% $$HOME \\\"x\\\" \\\\\"", RefreshSchedule.SystemdQuote("100% $HOME \"x\" \\"));
    }

    [Fact]
    public void The_crontab_line_runs_the_same_command_and_appends_to_a_log()
    {
        var line = RefreshSchedule.CrontabLine("/home/alice/bin/sesame", ["refresh"], new Dictionary<string, string> { ["AWS_CONFIG_FILE"] = "/home/alice/my aws/config" }, "/home/alice/.cache/sesame/refresh.log");

        Assert.Equal("*/15 * * * * AWS_CONFIG_FILE='/home/alice/my aws/config' /home/alice/bin/sesame refresh >> /home/alice/.cache/sesame/refresh.log 2>&1", line);
    }

    [Fact]
    public void Crontab_escapes_percent_and_quotes_single_quotes()
    {
        var line = RefreshSchedule.CrontabLine("/opt/it's/sesame", ["refresh", "--profile=50%"], new Dictionary<string, string>(), "/tmp/log", TimeSpan.FromHours(2));

        Assert.Equal("0 */2 * * * '/opt/it'\\''s/sesame' refresh '--profile=50\\%' >> /tmp/log 2>&1", line);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(90)]
    [InlineData(0.5)]
    public void Intervals_that_cron_and_systemd_cannot_say_evenly_are_refused(double minutes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RefreshSchedule.Systemd("/bin/sesame", ["refresh"], new Dictionary<string, string>(), TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void A_relative_executable_and_bad_variable_names_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RefreshSchedule.Systemd("sesame", ["refresh"], new Dictionary<string, string>()));
        Assert.Throws<ArgumentException>(() => RefreshSchedule.CrontabLine("/bin/sesame", ["refresh"], new Dictionary<string, string> { ["A B"] = "x" }, "/tmp/log"));
    }

    [Fact]
    public void The_unit_folder_follows_xdg_config_home()
    {
        Assert.Equal("/x/systemd/user", RefreshSchedule.UnitDirectory(new TestEnvironment(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = "/x" }), "/home/a"));
        Assert.Equal("/home/a/.config/systemd/user", RefreshSchedule.UnitDirectory(new TestEnvironment(), "/home/a"));
    }

    [Fact]
    public void The_default_window_outlasts_the_interval_so_a_profile_never_expires_between_runs()
    {
        Assert.True(RefreshSchedule.DefaultWindow - RefreshSchedule.DefaultInterval >= TimeSpan.FromMinutes(15));
    }
}
