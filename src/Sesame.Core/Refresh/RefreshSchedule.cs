using System.Globalization;
using System.Text;
using Sesame.Core.Platform;

namespace Sesame.Core.Refresh;

/// <summary>The systemd user units of <c>refresh --install</c>: file names and contents.</summary>
/// <param name="ServiceName">The service unit's file name.</param>
/// <param name="ServiceText">The service unit.</param>
/// <param name="TimerName">The timer unit's file name.</param>
/// <param name="TimerText">The timer unit.</param>
public sealed record SystemdUnits(string ServiceName, string ServiceText, string TimerName, string TimerText);

/// <summary>
/// What <c>refresh --install</c> installs so written profiles stay fresh without a terminal: a systemd
/// user timer and service (<c>~/.config/systemd/user</c>, then <c>systemctl --user daemon-reload</c> and
/// <c>systemctl --user enable --now sesame-refresh.timer</c>), or, where systemd is absent, a crontab
/// line to add. Pure text: the caller writes the files and runs the commands.
/// <para>
/// Timing: every <see cref="DefaultInterval"/>, renewing what expires within <see cref="DefaultWindow"/>,
/// so a profile always has at least window − interval (15 minutes) left when read, and one-hour sessions
/// are renewed about every half hour. The timer is <c>Persistent</c>, so a run missed while the computer
/// slept happens on wake-up.
/// </para>
/// </summary>
public static class RefreshSchedule
{
    /// <summary>How often the scheduled <c>refresh</c> runs.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    /// <summary>How close to expiry a written profile must be for <c>refresh</c> to renew it.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(30);

    /// <summary>The unit names (without the extension).</summary>
    public const string UnitName = "sesame-refresh";

    /// <summary>The folder for systemd user units: <c>$XDG_CONFIG_HOME/systemd/user</c>, else <c>~/.config/systemd/user</c>.</summary>
    public static string UnitDirectory(IEnvironment environment, string home)
        => Path.Combine(environment.GetNonBlank("XDG_CONFIG_HOME") ?? Path.Combine(home, ".config"), "systemd", "user");

    /// <summary>
    /// The service and timer units that run <paramref name="executable"/> with <paramref name="arguments"/>
    /// every <paramref name="interval"/> (a whole number of minutes dividing an hour, or of hours dividing a day).
    /// </summary>
    /// <param name="executable">The absolute path of <c>sesame</c>.</param>
    /// <param name="arguments">Its arguments (<c>refresh</c>, …).</param>
    /// <param name="environment">Variables the run needs that a systemd user service would not have (<c>AWS_CONFIG_FILE</c>, …); never secrets.</param>
    /// <param name="interval">How often; <see cref="DefaultInterval"/> when null.</param>
    public static SystemdUnits Systemd(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan? interval = null)
    {
        RequireAbsolute(executable);
        var calendar = Calendar(interval ?? DefaultInterval);
        var service = new StringBuilder()
            .Append("# Written by 'sesame refresh --install'; remove with 'systemctl --user disable --now ").Append(UnitName).Append(".timer'.\n")
            .Append("[Unit]\n")
            .Append("Description=Renew AWS credentials written by sesame export --to-profile\n")
            .Append('\n')
            .Append("[Service]\n")
            .Append("Type=oneshot\n");
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            RequireVariableName(name);
            service.Append("Environment=").Append(SystemdQuote(name + "=" + value)).Append('\n');
        }

        service.Append("ExecStart=").Append(string.Join(' ', new[] { executable }.Concat(arguments).Select(SystemdQuote))).Append('\n');
        var timer = new StringBuilder()
            .Append("# Written by 'sesame refresh --install'.\n")
            .Append("[Unit]\n")
            .Append("Description=Renew sesame-written AWS credentials on a schedule\n")
            .Append('\n')
            .Append("[Timer]\n")
            .Append("OnCalendar=").Append(calendar.Systemd).Append('\n')
            .Append("Persistent=true\n")
            .Append("AccuracySec=1min\n")
            .Append("Unit=").Append(UnitName).Append(".service\n")
            .Append('\n')
            .Append("[Install]\n")
            .Append("WantedBy=timers.target\n");
        return new SystemdUnits(UnitName + ".service", service.ToString(), UnitName + ".timer", timer.ToString());
    }

    /// <summary>
    /// The crontab line for systems without systemd: the same command every <paramref name="interval"/>,
    /// its output appended to <paramref name="logFile"/> (cron would otherwise mail it).
    /// </summary>
    public static string CrontabLine(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile, TimeSpan? interval = null)
    {
        RequireAbsolute(executable);
        var calendar = Calendar(interval ?? DefaultInterval);
        var line = new StringBuilder(calendar.Cron).Append(' ');
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            RequireVariableName(name);
            line.Append(name).Append('=').Append(ShellQuote(value)).Append(' ');
        }

        line.Append(string.Join(' ', new[] { executable }.Concat(arguments).Select(ShellQuote)))
            .Append(" >> ").Append(ShellQuote(logFile)).Append(" 2>&1");

        // cron turns an unescaped % into a newline (the rest becomes standard input).
        return line.ToString().Replace("%", "\\%", StringComparison.Ordinal);
    }

    /// <summary>A value as one systemd command-line word or assignment: double-quoted, with \ " escaped, % and $ doubled.</summary>
    internal static string SystemdQuote(string word)
    {
        if (word.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException("a unit value cannot contain a line break", nameof(word));
        }

        var escaped = word.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("%", "%%", StringComparison.Ordinal)
            .Replace("$", "$$", StringComparison.Ordinal);
        return "\"" + escaped + "\"";
    }

    /// <summary>A value as one POSIX shell word (single quotes; a quote inside becomes '\'').</summary>
    internal static string ShellQuote(string word)
    {
        if (word.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException("a crontab value cannot contain a line break", nameof(word));
        }

        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static (string Systemd, string Cron) Calendar(TimeSpan interval)
    {
        var minutes = interval.TotalMinutes;
        if (minutes >= 1 && minutes < 60 && minutes == Math.Floor(minutes) && 60 % (int)minutes == 0)
        {
            var m = ((int)minutes).ToString(CultureInfo.InvariantCulture);
            return ($"*:0/{m}", $"*/{m} * * * *");
        }

        var hours = interval.TotalHours;
        if (hours >= 1 && hours <= 24 && hours == Math.Floor(hours) && 24 % (int)hours == 0)
        {
            var h = ((int)hours).ToString(CultureInfo.InvariantCulture);
            return ($"*-*-* 0/{h}:00:00", $"0 */{h} * * *");
        }

        throw new ArgumentOutOfRangeException(nameof(interval), "the interval must be whole minutes dividing an hour, or whole hours dividing a day");
    }

    private static void RequireAbsolute(string executable)
    {
        if (!Path.IsPathFullyQualified(executable))
        {
            throw new ArgumentException("the scheduled command needs the executable's absolute path (neither systemd nor cron search the user's PATH)", nameof(executable));
        }
    }

    private static void RequireVariableName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not an environment variable name", nameof(name));
        }
    }
}
