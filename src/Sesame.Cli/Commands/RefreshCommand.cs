using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;
using Sesame.Core.Refresh;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame refresh [--watch | --install]</c>.</summary>
internal static class RefreshCommand
{
    /// <summary>The shortest sleep of <c>--watch</c> (a profile that keeps failing is retried this often).</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMinutes(1);

    public static Command Create(CliContext context)
    {
        var watch = new Option<bool>("--watch") { Description = "Keep renewing in the foreground until Ctrl-C (one instance per user)" };
        var install = new Option<bool>("--install") { Description = "Install a systemd user timer that runs 'sesame refresh' every 15 minutes (or print the crontab line where systemd is absent)" };
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "refresh",
            """
            Renew the profiles written by 'sesame export PROFILE --to-profile NAME' whose credentials expire
            within 30 minutes (the expiration in the credentials file is the record), each from its source
            profile; one line per written profile. Exits 15 when any could not be renewed — in a scheduled run
            an MFA code can come only from mfa_process or a stored TOTP seed.

            Examples:
              sesame refresh
              sesame refresh --watch
              sesame refresh --install
            """);
        command.Options.Add(watch);
        command.Options.Add(install);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(watch) && parseResult.GetValue(install))
            {
                throw new SesameException("--watch and --install do not go together: --install schedules plain 'sesame refresh' runs", ExitCodes.ConfigError);
            }

            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken));
            if (parseResult.GetValue(install))
            {
                var executable = System.Environment.ProcessPath
                    ?? throw new SesameException("cannot tell where the sesame executable is; run it by its full path", ExitCodes.ConfigError);
                var installed = await new RefreshInstaller(runtime).InstallAsync(executable, cancellationToken).ConfigureAwait(false);
                if (installed.Systemd)
                {
                    foreach (var file in installed.UnitFiles)
                    {
                        context.Out.WriteLine($"wrote {file}");
                    }

                    context.Out.WriteLine($"enabled {RefreshSchedule.UnitName}.timer: 'sesame refresh' runs every {RefreshSchedule.DefaultInterval.TotalMinutes:0} minutes (systemctl --user list-timers shows it)");
                }
                else
                {
                    context.Error.WriteLine("sesame: systemd is not available here; add this line with 'crontab -e':");
                    context.Out.WriteLine(installed.CrontabLine);
                }

                return ExitCodes.Success;
            }

            var writer = new ProfileWriter(runtime);
            if (parseResult.GetValue(watch))
            {
                context.Error.WriteLine($"sesame: keeping the written profiles in {writer.CredentialsPath} fresh; Ctrl-C stops");
                try
                {
                    await writer.WatchAsync(outcome => context.Out.WriteLine(Line(outcome)), MinimumSleep, RefreshSchedule.DefaultInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    context.Error.WriteLine("sesame: stopped");
                }

                return Core.Platform.Interrupts.ExitCode ?? ExitCodes.Success;
            }

            var outcomes = await writer.RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (outcomes.Count == 0)
            {
                context.Error.WriteLine($"sesame: no profile in {writer.CredentialsPath} was written by 'sesame export PROFILE --to-profile NAME'; nothing to renew");
            }

            foreach (var outcome in outcomes)
            {
                (outcome.State == RefreshState.Failed ? context.Error : context.Out).WriteLine(Line(outcome));
            }

            return outcomes.Any(o => o.State == RefreshState.Failed) ? ExitCodes.RefreshIncomplete : ExitCodes.Success;
        });
        return command;
    }

    private static string Line(RefreshOutcome outcome) => outcome.State switch
    {
        RefreshState.Renewed => $"{outcome.Section}: renewed from {outcome.SourceProfile}{Until(outcome)}",
        RefreshState.Fresh => $"{outcome.Section}: fresh{Until(outcome)}",
        _ => $"{outcome.Section}: failed: {Core.Platform.TerminalText.Sanitize(outcome.Error ?? "unknown error")}",
    };

    private static string Until(RefreshOutcome outcome) => outcome.Expiration is { } at ? $" until {CredentialFormats.Iso(at)}" : string.Empty;
}
