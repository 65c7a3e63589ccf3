using System.Diagnostics;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>
/// Helpers die with a cancellation, a time-out or a SIGTERM, together with what they started; a
/// FIFO token file never hangs a command; a second signal never crashes.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SignalAndProcessGroupTests : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-harden");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_cancelled_helper_is_killed_with_the_processes_it_started(bool ownGroup)
    {
        var pids = _temp.Combine("pids");
        var runner = new ProcessRunner { OwnGroupOverride = () => ownGroup };
        var spec = new ProcessSpec("/bin/sh", ["-c", $"sleep 300 & echo $$ $! > '{pids}.part'; mv '{pids}.part' '{pids}'; wait"]) { Timeout = TimeSpan.FromMinutes(5) };
        using var cancel = new CancellationTokenSource();

        var run = runner.RunAsync(spec, cancel.Token);
        Assert.True(await Binary.EventuallyAsync(() => File.Exists(pids), TimeSpan.FromSeconds(10)));
        var started = File.ReadAllText(pids).Split(' ', StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Binary.EventuallyAsync(() => !started.Any(Binary.IsAlive), TimeSpan.FromSeconds(5)), "the helper or its child survived");
    }

    [Fact]
    public async Task A_helper_past_its_time_limit_is_killed_with_its_group()
    {
        var pids = _temp.Combine("pids");
        var runner = new ProcessRunner { OwnGroupOverride = () => true };
        var spec = new ProcessSpec("/bin/sh", ["-c", $"sleep 300 & echo $! > '{pids}.part'; mv '{pids}.part' '{pids}'; wait"]) { Timeout = TimeSpan.FromSeconds(1) };

        var result = await runner.RunAsync(spec).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(result.TimedOut);
        var child = int.Parse(File.ReadAllText(pids).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Binary.EventuallyAsync(() => !Binary.IsAlive(child), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_helper_gets_its_input_and_its_exit_code_and_output_come_back()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "read line; echo \"got $line\"; echo oops >&2; exit 3"]) { StandardInput = "hello\n", CaptureStandardError = true, Timeout = TimeSpan.FromSeconds(30) };

        var result = await ProcessRunner.Instance.RunAsync(spec);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("got hello\n", result.StandardOutput);
        Assert.Equal("oops\n", result.StandardError);
    }

    [Fact]
    public async Task A_time_limit_longer_than_a_timer_can_hold_means_no_limit_not_a_crash()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "echo ok"]) { Timeout = TimeSpan.FromDays(10_000_000) };

        var result = await ProcessRunner.Instance.RunAsync(spec);

        Assert.Equal("ok\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_fifo_web_identity_token_file_ends_the_command_at_once()
    {
        var fifo = _temp.Combine("token");
        FileSystemReadTests.Mkfifo(fifo);
        using var home = new TempDirectory("sesame-harden-home");
        home.Write(".aws/config", $"[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/ci\nweb_identity_token_file = {fifo}\n");
        var environment = Binary.Environment_(home.Path, ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"));

        foreach (var command in new[] { "credential-process", "export" })
        {
            var watch = Stopwatch.StartNew();
            var run = await Binary.RunAsync([command, "ci"], environment, timeout: TimeSpan.FromSeconds(20));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{command} took {watch.Elapsed}");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("web_identity_token_file", run.StandardError, StringComparison.Ordinal);
            Assert.Contains("FIFO", run.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sigterm_during_mfa_process_ends_sesame_promptly_and_kills_the_helper_and_its_children()
    {
        var pids = _temp.Combine("pids");
        var helper = _temp.Write("mfa.sh", $"#!/bin/sh\nsleep 300 &\necho $$ $! > '{pids}.part'; mv '{pids}.part' '{pids}'\nwait\n");
        File.SetUnixFileMode(helper, (UnixFileMode)Convert.ToInt32("700", 8));
        using var home = new TempDirectory("sesame-harden-home");
        home.Write(".aws/config", $"""
            [profile base]
            aws_access_key_id = AKIAEXAMPLEBASEKEY01
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSIGTERM

            [profile app]
            role_arn = arn:aws:iam::123456789012:role/app
            source_profile = base
            mfa_serial = arn:aws:iam::123456789012:mfa/me
            mfa_process = {helper}
            """);

        foreach (var command in new[] { "credential-process", "export" })
        {
            File.Delete(pids);
            using var sesame = Binary.Start([command, "app"], Binary.Environment_(home.Path, ("AWS_ENDPOINT_URL", "http://127.0.0.1:9")));
            var stderr = sesame.StandardError.ReadToEndAsync();
            Assert.True(await Binary.EventuallyAsync(() => File.Exists(pids), TimeSpan.FromSeconds(30)), "the mfa_process never started");
            var started = File.ReadAllText(pids).Split(' ', StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();

            var watch = Stopwatch.StartNew();
            Signal(sesame.Id, "TERM");
            await sesame.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{command} took {watch.Elapsed} after SIGTERM");
            Assert.True(sesame.ExitCode is 143 or 130, $"{command} exited {sesame.ExitCode}: {await stderr}");
            Assert.True(await Binary.EventuallyAsync(() => !started.Any(Binary.IsAlive), TimeSpan.FromSeconds(5)), $"{command}: the mfa_process or its child was left running");
            Assert.DoesNotContain("Unhandled exception", await stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_signal_ends_sesame_at_once_without_a_crash_report()
    {
        var started = _temp.Combine("started");
        var helper = _temp.Write("slow.sh", $"#!/bin/sh\ntouch '{started}'\nexec sleep 300\n");
        File.SetUnixFileMode(helper, (UnixFileMode)Convert.ToInt32("700", 8));
        using var home = new TempDirectory("sesame-harden-home");
        home.Write(".aws/config", $"[profile p]\ncredential_process = {helper}\n");

        using var sesame = Binary.Start(["export", "p"], Binary.Environment_(home.Path));
        var stderr = sesame.StandardError.ReadToEndAsync();
        Assert.True(await Binary.EventuallyAsync(() => File.Exists(started), TimeSpan.FromSeconds(30)));

        Signal(sesame.Id, "TERM");
        Signal(sesame.Id, "TERM");
        await sesame.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // 143 when Sesame's handler records the signal first; 130 when System.CommandLine's own
        // handler ends the command first (until CliApp hands termination to Interrupts).
        Assert.True(sesame.ExitCode is 143 or 130, $"exit {sesame.ExitCode}");
        var text = await stderr;
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    private static void Signal(int pid, string signal)
        => Assert.True(Posix.Kill(pid, signal == "TERM" ? Posix.SIGTERM : throw new ArgumentException(signal)), $"kill -{signal} {pid} failed");
}
