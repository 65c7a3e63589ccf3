using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.ShellIntegration;

/// <summary>The shells the integration supports, with how to start each interactively with a start-up file of ours.</summary>
public enum ShellName
{
    Bash,
    Zsh,
    Fish,
    Pwsh,
}

/// <summary>
/// An interactive shell in its own tmux server (a real terminal to type into and read), started
/// with <c>env -i</c> and exactly the variables of a <see cref="ShellHome"/>, so nothing of the
/// test host's HOME, XDG_*, AWS_* or SESAME_* leaks in. Fails with instructions when tmux or the
/// shell is missing.
/// </summary>
public sealed class ShellSession : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _socket = "sesame-shell-" + Guid.NewGuid().ToString("N")[..12];
    private readonly ShellHome _home;
    private int _queries;

    private ShellSession(ShellHome home, ShellName shell)
    {
        _home = home;
        Shell = shell;
    }

    public ShellName Shell { get; }

    /// <summary>The path of a shell, or a failure that says how to install it.</summary>
    public static string Require(ShellName shell) => shell switch
    {
        ShellName.Bash => ExternalTools.Require("bash", "bash"),
        ShellName.Zsh => ExternalTools.Require("zsh", "zsh"),
        ShellName.Fish => ExternalTools.Require("fish", "fish"),
        ShellName.Pwsh => FindPwsh(),
        _ => throw new ArgumentOutOfRangeException(nameof(shell)),
    };

    /// <summary>
    /// Starts <paramref name="shell"/> with <paramref name="startup"/> as its start-up file (after which
    /// it has run <c>sesame shell init</c> if the text says so) and waits until it answers.
    /// </summary>
    public static async Task<ShellSession> StartAsync(ShellHome home, ShellName shell, string startup)
    {
        ExternalTools.Require("tmux", "tmux");
        var program = Require(shell);
        var environment = new Dictionary<string, string>(home.Environment, StringComparer.Ordinal);
        string[] command;
        switch (shell)
        {
            case ShellName.Bash:
                command = [program, "--noprofile", "--rcfile", home.Write(".bashrc", startup), "-i"];
                break;
            case ShellName.Zsh:
                home.Write(".zshrc", startup);
                environment["ZDOTDIR"] = home.Root;
                command = [program, "-i"];
                break;
            case ShellName.Fish:
                home.Write(".config/fish/config.fish", "set -g fish_greeting\n" + startup);
                command = [program, "-i"];
                break;
            default:
                var profile = home.Write("profile.ps1", startup);
                environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
                environment["POWERSHELL_UPDATECHECK"] = "Off";
                command = [program, "-NoLogo", "-NoProfile", "-NoExit", "-Command", $". '{profile}'"];
                break;
        }

        var session = new ShellSession(home, shell);
        var arguments = new List<string> { "-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "200", "-y", "50", "/usr/bin/env", "-i" };
        arguments.AddRange(environment.Select(p => $"{p.Key}={p.Value}"));
        arguments.AddRange(command);
        await session.TmuxAsync([.. arguments]);
        try
        {
            // Keys typed before the shell reads its terminal can be lost (PowerShell's line editor
            // starts late): wait for the first prompt.
            var deadline = DateTime.UtcNow + Patience;
            while (string.IsNullOrWhiteSpace(await session.ScreenAsync()))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{shell} showed no prompt in {Patience.TotalSeconds} s");
                }

                await Task.Delay(100);
            }

            await session.RunAsync("echo ready");
            return session;
        }
        catch
        {
            // The caller gets no session to dispose: end the tmux server (and the shell) here.
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>The process id of the shell (for strace).</summary>
    public async Task<int> ShellPidAsync()
    {
        var pid = int.Parse((await TmuxAsync("display-message", "-p", "-t", "main", "#{pane_pid}")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (Shell != ShellName.Pwsh)
        {
            return pid;
        }

        // The PowerShell global tool's launcher runs PowerShell as its one child (dotnet pwsh.dll).
        var children = Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        return children.Count == 1 ? int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture) : pid;
    }

    /// <summary>Types <paramref name="text"/> literally (no Enter).</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", "main", "-l", text);

    /// <summary>Presses keys by tmux name (Enter, Tab, C-c, Down, Escape…).</summary>
    public Task PressAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", "main", .. keys]);

    /// <summary>Types a command line and Enter.</summary>
    public async Task LineAsync(string text)
    {
        await TypeAsync(text);
        await PressAsync("Enter");
    }

    /// <summary>What the terminal shows now.</summary>
    public Task<string> ScreenAsync() => TmuxAsync("capture-pane", "-p", "-t", "main");

    /// <summary>Waits until the screen shows <paramref name="text"/>; returns the screen.</summary>
    public async Task<string> WaitForScreenAsync(string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var screen = await ScreenAsync();
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the {Shell} terminal never showed '{text}'; it shows:\n{screen}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the screen no longer shows <paramref name="text"/>.</summary>
    public async Task WaitUntilGoneAsync(string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await ScreenAsync()).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the {Shell} terminal still shows '{text}':\n{await ScreenAsync()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Runs <paramref name="commandLine"/> in the shell (in the shell itself: functions and variable
    /// changes take effect there), with its output and errors sent to a file; returns that output.
    /// </summary>
    public async Task<string> RunAsync(string commandLine)
    {
        var number = ++_queries;
        var file = _home.Combine($"out-{number}");
        var line = Shell == ShellName.Pwsh
            ? $"& {{ {commandLine} }} *> '{file}.tmp'; Move-Item '{file}.tmp' '{file}'"
            : $"{commandLine} > '{file}.tmp' 2>&1; mv '{file}.tmp' '{file}'";
        await LineAsync(line);
        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(file))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{commandLine}' did not finish in {Shell}; the terminal shows:\n{await ScreenAsync()}");
            }

            await Task.Delay(100);
        }

        return File.ReadAllText(file);
    }

    /// <summary>The value of an environment variable in the shell ("" when unset).</summary>
    public async Task<string> VariableAsync(string name) => (await RunAsync(Shell switch
    {
        ShellName.Fish => $"printf '%s\\n' \"${name}\"",
        ShellName.Pwsh => $"Write-Output \"$env:{name}\"",
        _ => $"printf '%s\\n' \"${{{name}-}}\"",
    })).TrimEnd('\r', '\n');

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string FindPwsh()
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        foreach (var candidate in new[] { Path.Combine(home, ".dotnet", "tools", "pwsh"), "/usr/bin/pwsh", "/usr/local/bin/pwsh", "/opt/microsoft/powershell/7/pwsh" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return ExternalTools.Require("pwsh", "(not in Debian) PowerShell: dotnet tool install --global PowerShell --version 7.6.10");
    }

    private async Task<string> TmuxAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {error}");
        }

        return await output;
    }
}
