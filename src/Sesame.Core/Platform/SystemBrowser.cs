using System.Diagnostics;

namespace Sesame.Core.Platform;

/// <summary>
/// The desktop browser: the command in <c>BROWSER</c> (the Unix convention that xdg-open and
/// Python's webbrowser follow: colon-separated commands, <c>%s</c> replaced by the URL, else the URL
/// appended), else <c>xdg-open</c> (Linux, in a desktop session), <c>open</c> (macOS) or the shell's
/// default handler (Windows). The browser runs detached with its output discarded, so it can never
/// write into a <c>credential_process</c>'s standard output.
/// </summary>
public sealed class SystemBrowser : IBrowser
{
    private readonly IEnvironment _environment;

    /// <summary>Creates the browser seam over an environment.</summary>
    public SystemBrowser(IEnvironment environment) => _environment = environment;

    /// <inheritdoc />
    public bool CanOpen
        => _environment.GetNonBlank("BROWSER") is not null
            || OperatingSystem.IsWindows()
            || OperatingSystem.IsMacOS()
            || (_environment.GetNonBlank("DISPLAY") ?? _environment.GetNonBlank("WAYLAND_DISPLAY")) is not null;

    /// <inheritdoc />
    public bool TryOpen(string url)
    {
        if (_environment.GetNonBlank("BROWSER") is { } configured)
        {
            foreach (var command in configured.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var arguments = words.Skip(1).Select(w => w.Replace("%s", url, StringComparison.Ordinal)).ToList();
                if (!command.Contains("%s", StringComparison.Ordinal))
                {
                    arguments.Add(url);
                }

                if (Start(words[0], arguments))
                {
                    return true;
                }
            }

            return false;
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

        return CanOpen && Start(OperatingSystem.IsMacOS() ? "open" : "xdg-open", [url]);
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

        // Exactly the environment Sesame was given, minus its secrets and AWS credentials.
        start.Environment.Clear();
        foreach (var (name, value) in HelperEnvironment.ForTool(_environment))
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
