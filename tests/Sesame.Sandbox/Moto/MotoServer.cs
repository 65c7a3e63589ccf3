using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Sesame.Sandbox.Moto;

/// <summary>
/// moto's server in a child process, on a free loopback port. The child is started through a small python
/// wrapper (moto_host.py) that exits when this process goes away, even if it crashes: it watches its stdin
/// (this process holds the other end) and its parent id. Dispose kills it as well.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action<string>? _log;

    private MotoServer(Process process, int port, string version, Action<string>? log)
    {
        _process = process;
        Port = port;
        Version = version;
        _log = log;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>moto's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>moto's base URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The moto version running.</summary>
    public string Version { get; }

    /// <summary>The wrapper's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The python interpreter used: SESAME_SANDBOX_PYTHON, or python3 on PATH.</summary>
    public static string PythonPath(string? configured) =>
        configured ?? Environment.GetEnvironmentVariable("SESAME_SANDBOX_PYTHON") ?? "python3";

    /// <summary>Starts moto and waits until it listens.</summary>
    /// <exception cref="SandboxUnavailableException">python3 or moto is missing.</exception>
    public static async Task<MotoServer> StartAsync(string? python, Action<string>? log, CancellationToken cancellationToken)
    {
        var script = await ReadScriptAsync();
        var start = new ProcessStartInfo(PythonPath(python))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var key in start.Environment.Keys.Where(Clients.ClientHome.IsCallerSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment.Remove("MOTO_ACCOUNT_ID");
        start.Environment.Remove("INITIAL_NO_AUTH_ACTION_COUNT");
        start.Environment["PYTHONUNBUFFERED"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SandboxUnavailableException($"could not start {start.FileName}. {SandboxUnavailableException.HowToInstall}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SandboxUnavailableException($"could not start '{start.FileName}' ({e.Message}). {SandboxUnavailableException.HowToInstall}", e);
        }

        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                if (stderr.Length < 8192)
                {
                    stderr.AppendLine(e.Data);
                }
            }

            log?.Invoke("moto: " + e.Data);
        };
        process.BeginErrorReadLine();

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(cancellationToken);
                string text;
                lock (stderr)
                {
                    text = stderr.ToString().Trim();
                }

                throw new SandboxUnavailableException($"moto's server exited at once (exit code {process.ExitCode}): {text}\n{SandboxUnavailableException.HowToInstall}");
            }

            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("error", out var error))
            {
                throw new SandboxUnavailableException($"{error.GetString()} in {json.RootElement.GetProperty("python").GetString()}. {SandboxUnavailableException.HowToInstall}");
            }

            var port = json.RootElement.GetProperty("port").GetInt32();
            var version = json.RootElement.GetProperty("moto").GetString() ?? "?";
            // Keep draining stdout so the child never blocks on a full pipe.
            _ = Task.Run(() => process.StandardOutput.ReadToEndAsync(CancellationToken.None), CancellationToken.None);
            log?.Invoke($"moto {version} listening on 127.0.0.1:{port} (pid {process.Id})");
            return new MotoServer(process, port, version, log);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>True once the wrapper process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// What the wrapper sees when this process dies without cleaning up: its end of stdin closes. Tests use
    /// it to prove the wrapper then exits on its own.
    /// </summary>
    internal void CloseStdinAsIfCrashed() => _process.StandardInput.Close();

    /// <summary>Stops moto: closes its stdin (the wrapper exits on that) and kills it if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            _log?.Invoke("moto did not exit on stdin close; killing it");
        }

        Kill(_process);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task<string> ReadScriptAsync()
    {
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("moto_host.py")
            ?? throw new InvalidOperationException("moto_host.py is not embedded in Sesame.Sandbox");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
