using Sesame.Core.Config;
using Sesame.Core.Platform;

namespace Sesame.Core.Settings;

/// <summary>Folders Sesame keeps its own small files in.</summary>
public static class SesamePaths
{
    /// <summary>
    /// Where single-flight lock files live: <c>SESAME_LOCK_DIR</c>, else <c>$XDG_RUNTIME_DIR/sesame/locks</c>
    /// (a private, memory-backed folder on Linux), else <c>~/.cache/sesame/locks</c>.
    /// </summary>
    public static string LockDirectory(IEnvironment environment, ConfigFileLocator locator)
    {
        if (environment.GetNonBlank("SESAME_LOCK_DIR") is { } configured)
        {
            return locator.ExpandPath(configured.Trim());
        }

        if (environment.GetNonBlank("XDG_RUNTIME_DIR") is { } runtime && !environment.IsWindows)
        {
            return Path.Combine(runtime.Trim(), "sesame", "locks");
        }

        return Path.Combine(locator.HomeDirectory ?? Path.GetTempPath(), ".cache", "sesame", "locks");
    }

    /// <summary>
    /// Where Sesame keeps small non-secret caches: <c>SESAME_CACHE_DIR</c>, else
    /// <c>$XDG_CACHE_HOME/sesame</c>, else <c>~/.cache/sesame</c>.
    /// </summary>
    public static string CacheDirectory(IEnvironment environment, ConfigFileLocator locator)
    {
        if (environment.GetNonBlank("SESAME_CACHE_DIR") is { } configured)
        {
            return locator.ExpandPath(configured.Trim());
        }

        if (environment.GetNonBlank("XDG_CACHE_HOME") is { } cache)
        {
            return Path.Combine(cache.Trim(), "sesame");
        }

        return Path.Combine(locator.HomeDirectory ?? Path.GetTempPath(), ".cache", "sesame");
    }

    /// <summary>Where config file versions that validated cleanly are remembered (<see cref="Config.ValidatedFiles"/>).</summary>
    public static string ValidatedConfigs(IEnvironment environment, ConfigFileLocator locator)
        => Path.Combine(CacheDirectory(environment, locator), "validated-configs");
}
