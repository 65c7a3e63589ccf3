using System.Collections;
using System.Diagnostics;
using System.Text;
using Sesame.Core.Errors;

namespace Sesame.Core.Platform;

/// <summary>
/// The real process runner. On Linux a helper is started with <c>posix_spawn</c> in a process group
/// of its own, unless Sesame is in its terminal's foreground (then the helper stays in Sesame's
/// group, so it can prompt on the terminal and Ctrl-C reaches it as the shell intends); on
/// cancellation, time-out or SIGTERM the helper is killed with its group (or its process tree), so
/// nothing is left orphaned. Sesame's own secrets are never passed on (<see cref="HelperEnvironment"/>).
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    /// <summary>The shared instance.</summary>
    public static ProcessRunner Instance { get; } = new();

    /// <summary>
    /// Test hook: when set, decides whether a helper gets its own process group, instead of whether
    /// Sesame is in the terminal's foreground.
    /// </summary>
    internal Func<bool>? OwnGroupOverride { get; init; }

    /// <inheritdoc />
    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
        => Posix.IsSupported ? RunSpawnedAsync(spec, cancellationToken) : RunManagedAsync(spec, cancellationToken);

    /// <summary>The child's whole environment for <paramref name="spec"/>.</summary>
    internal static Dictionary<string, string> EnvironmentFor(ProcessSpec spec)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!spec.ReplaceEnvironment)
        {
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                if (entry.Key is string name && entry.Value is string value && !HelperEnvironment.IsSesameSecret(name))
                {
                    result[name] = value;
                }
            }
        }

        if (spec.Environment is not null)
        {
            foreach (var (name, value) in spec.Environment)
            {
                if (value is null)
                {
                    result.Remove(name);
                }
                else
                {
                    result[name] = value;
                }
            }
        }

        return result;
    }

    private async Task<ProcessResult> RunSpawnedAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var environment = EnvironmentFor(spec);
        var program = spec.FileName.Contains('/', StringComparison.Ordinal)
            ? spec.FileName
            : ProcessExecutor.Resolve(spec.FileName, environment.GetValueOrDefault("PATH")) ?? throw CannotStart(spec.FileName, "not found on PATH");
        var ownGroup = OwnGroupOverride?.Invoke() ?? !PosixSpawn.OwnsTerminalForeground();
        PosixSpawn.Started started;
        try
        {
            started = PosixSpawn.Spawn(program, spec.Arguments, environment, spec.WorkingDirectory, spec.CaptureStandardError, ownGroup);
        }
        catch (IOException e)
        {
            throw CannotStart(spec.FileName, e.Message);
        }

        using var tracked = HelperProcesses.Track(started.Pid, ownGroup);
        var exit = Task.Factory.StartNew(() => PosixSpawn.Wait(started.Pid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var stdoutStream = new FileStream(started.StandardOutput, FileAccess.Read, 1);
        using var stderrStream = started.StandardError is null ? null : new FileStream(started.StandardError, FileAccess.Read, 1);
        var stdout = ReadAllAsync(stdoutStream);
        var stderr = stderrStream is null ? Task.FromResult(string.Empty) : ReadAllAsync(stderrStream);
        await WriteInputAsync(started.StandardInput, spec.StandardInput).ConfigureAwait(false);

        using var timeout = TimeoutSource(spec.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int exitCode;
        try
        {
            exitCode = await exit.WaitAsync(linked.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            HelperProcesses.Kill(started.Pid, ownGroup);
            await exit.ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new ProcessResult(-1, string.Empty, string.Empty, TimedOut: true);
        }

        return new ProcessResult(exitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), TimedOut: false);
    }

    // A limit longer than a timer can hold (about 24.8 days) is no limit at all, not a crash.
    private static CancellationTokenSource TimeoutSource(TimeSpan? limit)
        => limit is { } value && value < TimeSpan.FromMilliseconds(int.MaxValue - 1)
            ? new CancellationTokenSource(value < TimeSpan.Zero ? TimeSpan.Zero : value)
            : new CancellationTokenSource();

    private static SesameException CannotStart(string program, string reason)
        => new($"cannot start the helper {Path.GetFileName(program)}: {reason}", ExitCodes.CredentialsFailed);

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    private static async Task WriteInputAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string? input)
    {
        using var stream = new FileStream(handle, FileAccess.Write, 1);
        if (input is null)
        {
            return;
        }

        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(input)).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The helper exited without reading its input; its exit code says what happened.
        }
    }

    // Windows and macOS: .NET's Process, killed with its process tree.
    private static async Task<ProcessResult> RunManagedAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = spec.CaptureStandardError,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (spec.WorkingDirectory is not null)
        {
            info.WorkingDirectory = spec.WorkingDirectory;
        }

        info.Environment.Clear();
        foreach (var (name, value) in EnvironmentFor(spec))
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw CannotStart(spec.FileName, e.Message);
        }

        using var tracked = HelperProcesses.Track(process.Id, ownGroup: false);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = spec.CaptureStandardError ? process.StandardError.ReadToEndAsync(CancellationToken.None) : Task.FromResult(string.Empty);
        if (spec.StandardInput is not null)
        {
            await process.StandardInput.WriteAsync(spec.StandardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        using var timeout = TimeoutSource(spec.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new ProcessResult(-1, string.Empty, string.Empty, TimedOut: true);
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), TimedOut: false);
    }
}
