using System.Text;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Refresh;
using Sesame.Core.Settings;

namespace Sesame.Core.Runtime;

/// <summary>What <c>refresh --install</c> did.</summary>
/// <param name="UnitFiles">The systemd user units written (empty when systemd is absent).</param>
/// <param name="CrontabLine">The line to add with <c>crontab -e</c> where systemd is absent, else <c>null</c>.</param>
public sealed record RefreshInstallation(IReadOnlyList<string> UnitFiles, string? CrontabLine)
{
    /// <summary>True when the systemd timer was installed and started.</summary>
    public bool Systemd => UnitFiles.Count > 0;
}

/// <summary>
/// <c>refresh --install</c>: the 30-minute cron job of hand-made set-ups, in one command
/// (<see cref="RefreshSchedule"/>). Where <c>systemctl</c> is on <c>PATH</c>: write
/// <c>sesame-refresh.service</c> and <c>.timer</c> to the systemd user folder, then
/// <c>systemctl --user daemon-reload</c> and <c>systemctl --user enable --now sesame-refresh.timer</c>
/// (through the process-runner seam). Elsewhere: the crontab line to add (nothing is written; editing a
/// crontab is the user's call). The scheduled run gets the variables that locate the user's files and
/// Sesame's settings (never a secret such as the store's passphrase).
/// </summary>
public sealed class RefreshInstaller
{
    /// <summary>Variables passed to the scheduled run when set (besides Sesame's own non-secret settings).</summary>
    private static readonly string[] Passed = ["PATH", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"];

    /// <summary>Sesame variables that describe one shell, not the user's settings.</summary>
    private static readonly string[] NotSettings = ["SESAME_PROFILE", "SESAME_EXPORTED"];

    private readonly SesameRuntime _runtime;

    /// <summary>Creates the installer over a runtime.</summary>
    public RefreshInstaller(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// Installs the schedule for <paramref name="executable"/> (the absolute path of <c>sesame</c>). Throws
    /// <see cref="SesameException"/> when <c>systemctl</c> fails, with the crontab line as the alternative.
    /// </summary>
    public async Task<RefreshInstallation> InstallAsync(string executable, CancellationToken cancellationToken)
    {
        var environment = _runtime.Seams.Environment;
        var variables = ScheduledEnvironment(environment);
        string[] arguments = ["refresh"];
        var crontab = RefreshSchedule.CrontabLine(executable, arguments, variables, Path.Combine(SesamePaths.CacheDirectory(environment, _runtime.Locator), "refresh.log"));
        if (ProcessExecutor.Resolve("systemctl", environment.GetVariable("PATH")) is not { } systemctl)
        {
            return new RefreshInstallation([], crontab);
        }

        var home = _runtime.Locator.HomeDirectory ?? throw new SesameException("no home folder is known (HOME is not set); cannot place the systemd user units", ExitCodes.ConfigError);
        var units = RefreshSchedule.Systemd(executable, arguments, variables);
        var directory = RefreshSchedule.UnitDirectory(environment, home);
        var fileSystem = _runtime.Seams.FileSystem;
        fileSystem.CreateDirectory(directory);
        var service = Path.Combine(directory, units.ServiceName);
        var timer = Path.Combine(directory, units.TimerName);
        fileSystem.WriteAllBytesAtomic(service, Encoding.UTF8.GetBytes(units.ServiceText), FileModes.OwnerReadWrite);
        fileSystem.WriteAllBytesAtomic(timer, Encoding.UTF8.GetBytes(units.TimerText), FileModes.OwnerReadWrite);
        await SystemctlAsync(systemctl, ["--user", "daemon-reload"], crontab, cancellationToken).ConfigureAwait(false);
        await SystemctlAsync(systemctl, ["--user", "enable", "--now", units.TimerName], crontab, cancellationToken).ConfigureAwait(false);
        return new RefreshInstallation([service, timer], null);
    }

    /// <summary>The variables the scheduled run gets: <see cref="Passed"/> and Sesame's settings, when set; never a secret.</summary>
    public static IReadOnlyDictionary<string, string> ScheduledEnvironment(IEnvironment environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment.GetAll())
        {
            var wanted = Passed.Contains(name, StringComparer.Ordinal)
                || (name.StartsWith("SESAME_", StringComparison.Ordinal) && !NotSettings.Contains(name, StringComparer.Ordinal) && !HelperEnvironment.IsSesameSecret(name));
            if (wanted && value.Length > 0 && value.AsSpan().IndexOfAny('\n', '\r') < 0)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private async Task SystemctlAsync(string systemctl, string[] arguments, string crontab, CancellationToken cancellationToken)
    {
        var result = await _runtime.Seams.Processes.RunAsync(
            new ProcessSpec(systemctl, arguments) { CaptureStandardError = true, Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken).ConfigureAwait(false);
        if (result.TimedOut || result.ExitCode != 0)
        {
            var why = result.TimedOut ? "did not finish in 30 s" : FirstLine(result.StandardError) ?? $"exited with {result.ExitCode}";
            throw new SesameException(
                $"'systemctl {string.Join(' ', arguments)}' failed ({TerminalText.Sanitize(why)}); without a systemd user session, add this line with 'crontab -e' instead: {crontab}",
                ExitCodes.ConfigError);
        }
    }

    private static string? FirstLine(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
