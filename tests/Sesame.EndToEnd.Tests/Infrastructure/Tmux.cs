using System.Diagnostics;
using Sesame.Sandbox.Clients;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A program running in its own tmux server, so it has a real controlling terminal that a test can
/// read (capture-pane) and type into (send-keys). Fails with instructions when tmux is missing.
/// </summary>
public sealed class Tmux : IAsyncDisposable
{
    private readonly string _socket = "sesame-e2e-" + Guid.NewGuid().ToString("N")[..12];

    private Tmux()
    {
    }

    /// <summary>Starts <paramref name="commandLine"/> (run by sh) with the home's environment in a detached session.</summary>
    public static async Task<Tmux> StartAsync(ClientHome home, string commandLine)
    {
        if (!File.Exists("/usr/bin/tmux") && !File.Exists("/bin/tmux"))
        {
            throw new InvalidOperationException("this test needs tmux to give the program a real terminal: apt-get install tmux");
        }

        var lines = home.Environment.Select(p => $"export {p.Key}='{p.Value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        var script = home.WriteFile("bin/in-tmux.sh", "#!/bin/sh\nunset $(env | grep -o '^AWS_[A-Z_]*') $(env | grep -o '^SESAME_[A-Z_]*')\n" + string.Join('\n', lines) + $"\ncd \"$HOME\"\n{commandLine}\necho \"exit=$?\" > \"$HOME/tmux-exit\"\nsleep 600\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var tmux = new Tmux();
        await tmux.RunAsync("new-session", "-d", "-s", "main", "-x", "220", "-y", "50", script);
        return tmux;
    }

    /// <summary>What the terminal shows now.</summary>
    public async Task<string> ScreenAsync() => await RunAsync("capture-pane", "-p", "-t", "main");

    /// <summary>Waits until the screen contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var screen = await ScreenAsync();
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the terminal never showed '{text}'; it shows:\n{screen}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the command to end and returns "exit=N".</summary>
    public async Task<string> ExitStatusAsync(ClientHome home, TimeSpan timeout)
    {
        var path = Path.Combine(home.Path, "tmux-exit");
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the command did not end; the terminal shows:\n{await ScreenAsync()}");
            }

            await Task.Delay(100);
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>Types <paramref name="text"/> and Enter.</summary>
    public Task TypeLineAsync(string text) => RunAsync("send-keys", "-t", "main", text, "Enter");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
        }
    }

    private async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(Sesame.Testing.CallerEnvironment.Scrub(start))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {error}");
        }

        return output;
    }
}
