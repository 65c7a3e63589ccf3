using System.Diagnostics;

namespace Sesame.Core.Platform;

/// <summary>
/// The desktop browser: an explicit command (<c>--browser CMD</c>), else the command in <c>BROWSER</c>
/// (the Unix convention that xdg-open and Python's webbrowser follow: colon-separated commands,
/// <c>%s</c> replaced by the URL, else the URL appended), else the platform's opener: the shell's
/// default handler (Windows), <c>open</c> (macOS), <c>wslview</c> or else <c>explorer.exe</c> under
/// WSL (the Windows browser; WSL sets <c>WSL_DISTRO_NAME</c>), <c>xdg-open</c> (Linux, in a desktop
/// session). The browser runs detached with its output discarded, so it can never write into a
/// <c>credential_process</c>'s standard output.
/// </summary>
public sealed class SystemBrowser : IBrowser
{
    private readonly IEnvironment _environment;
    private readonly string? _command;

    /// <summary>Creates the browser seam over an environment.</summary>
    /// <param name="environment">The environment (<c>BROWSER</c>, WSL and desktop-session variables).</param>
    /// <param name="command">An explicit browser command that beats everything else (same form as one <c>BROWSER</c> entry).</param>
    public SystemBrowser(IEnvironment environment, string? command = null)
    {
        _environment = environment;
        _command = string.IsNullOrWhiteSpace(command) ? null : command.Trim();
    }

    /// <inheritdoc />
    public bool CanOpen
        => _command is not null
            || _environment.GetNonBlank("BROWSER") is not null
            || OperatingSystem.IsWindows()
            || OperatingSystem.IsMacOS()
            || IsWsl
            || (_environment.GetNonBlank("DISPLAY") ?? _environment.GetNonBlank("WAYLAND_DISPLAY")) is not null;

    /// <summary>True under the Windows Subsystem for Linux (it sets <c>WSL_DISTRO_NAME</c> and <c>WSL_INTEROP</c>).</summary>
    private bool IsWsl => OperatingSystem.IsLinux() && (_environment.GetNonBlank("WSL_DISTRO_NAME") ?? _environment.GetNonBlank("WSL_INTEROP")) is not null;

    /// <inheritdoc />
    public bool TryOpen(string url)
    {
        if (_command is not null)
        {
            return TryCommands(_command, url, separator: null);
        }

        if (_environment.GetNonBlank("BROWSER") is { } configured)
        {
            return TryCommands(configured, url, separator: ':');
        }

        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
                return process is not null;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                return false;
            }
        }

        if (OperatingSystem.IsMacOS())
        {
            return Start("open", [url]);
        }

        if (IsWsl && (Start("wslview", [url]) || Start("explorer.exe", [url])))
        {
            return true;
        }

        return CanOpen && Start("xdg-open", [url]);
    }

    /// <summary>The commands that open a URL for a command setting, in the order to try them (for tests and messages).</summary>
    internal static IReadOnlyList<(string Program, List<string> Arguments)> Commands(string setting, string url, char? separator)
    {
        var commands = separator is { } split ? setting.Split(split, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [setting];
        var result = new List<(string, List<string>)>();
        foreach (var command in commands)
        {
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            var arguments = words.Skip(1).Select(w => w.Replace("%s", url, StringComparison.Ordinal)).ToList();
            if (!command.Contains("%s", StringComparison.Ordinal))
            {
                arguments.Add(url);
            }

            result.Add((words[0], arguments));
        }

        return result;
    }

    private bool TryCommands(string setting, string url, char? separator)
    {
        foreach (var (program, arguments) in Commands(setting, url, separator))
        {
            if (Start(program, arguments))
            {
                return true;
            }
        }

        return false;
    }

    private bool Start(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment.GetAll())
        {
            start.Environment[name] = value;
        }

        try
        {
            var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            // Detached: discard what it prints, let it run on its own.
            process.StandardInput.Close();
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => process.Dispose();
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
