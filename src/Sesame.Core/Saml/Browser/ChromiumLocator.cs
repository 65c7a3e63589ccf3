using Sesame.Core.Platform;

namespace Sesame.Core.Saml.Browser;

/// <summary>
/// Finds an installed Chromium-family browser (Chromium, Google Chrome, Microsoft Edge) to drive through the
/// DevTools protocol. Nothing is downloaded: without one, browser sign-in says which to install.
/// </summary>
public static class ChromiumLocator
{
    private static readonly string[] UnixNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable"];

    private static readonly string[] MacPaths =
    [
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    ];

    private static readonly string[] WindowsPaths =
    [
        @"Google\Chrome\Application\chrome.exe",
        @"Microsoft\Edge\Application\msedge.exe",
        @"Chromium\Application\chrome.exe",
    ];

    /// <summary>
    /// The browser to use: <paramref name="configured"/> (the profile's <see cref="SamlKeys.BrowserPath"/>), else
    /// <c>SESAME_BROWSER</c>, else the first of the usual names on <c>PATH</c> and install locations; <c>null</c> when none.
    /// </summary>
    public static string? Find(IEnvironment environment, IFileSystem fileSystem, string? configured = null)
    {
        foreach (var explicitPath in new[] { configured, environment.GetVariable("SESAME_BROWSER") })
        {
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                return OnPath(explicitPath.Trim(), environment, fileSystem) ?? (fileSystem.FileExists(explicitPath.Trim()) ? explicitPath.Trim() : null);
            }
        }

        if (environment.IsWindows)
        {
            foreach (var root in new[] { environment.GetVariable("ProgramFiles"), environment.GetVariable("ProgramFiles(x86)"), environment.GetVariable("LOCALAPPDATA") })
            {
                if (string.IsNullOrEmpty(root))
                {
                    continue;
                }

                foreach (var relative in WindowsPaths)
                {
                    var path = Path.Combine(root, relative);
                    if (fileSystem.FileExists(path))
                    {
                        return path;
                    }
                }
            }

            return null;
        }

        foreach (var name in UnixNames)
        {
            if (OnPath(name, environment, fileSystem) is { } found)
            {
                return found;
            }
        }

        return MacPaths.FirstOrDefault(fileSystem.FileExists);
    }

    private static string? OnPath(string name, IEnvironment environment, IFileSystem fileSystem)
    {
        if (name.Contains('/') || name.Contains('\\'))
        {
            return fileSystem.FileExists(name) ? name : null;
        }

        foreach (var folder in (environment.GetVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(folder, name);
            if (fileSystem.FileExists(path))
            {
                return path;
            }
        }

        return null;
    }
}
