using Sesame.Core.Config;
using Sesame.Core.Platform;

namespace Sesame.Core.Settings;

/// <summary>
/// Folders Sesame keeps its own small files in, and the rules for folder variables: a Sesame
/// variable (<c>SESAME_LOCK_DIR</c>, <c>SESAME_CACHE_DIR</c>, …) gets <c>~</c> and <c>$VAR</c>
/// expansion and must then be an absolute path, else it is a typed error naming the variable; an
/// XDG variable that is not an absolute path after expansion is ignored, as the XDG Base Directory
/// specification says, and so is an <c>XDG_RUNTIME_DIR</c> that is not a folder. Nothing ever
/// creates a folder literally named <c>~</c> or <c>$HOME</c> in the working folder.
/// </summary>
public static class SesamePaths
{
    /// <summary>
    /// Where single-flight lock files live: <c>SESAME_LOCK_DIR</c>, else <c>$XDG_RUNTIME_DIR/sesame/locks</c>
    /// (a private, memory-backed folder on Linux), else <c>~/.cache/sesame/locks</c>.
    /// </summary>
    /// <exception cref="UnsafeFileException"><c>SESAME_LOCK_DIR</c> is not usable.</exception>
    public static string LockDirectory(IEnvironment environment, ConfigFileLocator locator)
    {
        if (SesameFolder(environment, locator, "SESAME_LOCK_DIR") is { } configured)
        {
            return configured;
        }

        if (!environment.IsWindows && XdgFolder(environment, locator, "XDG_RUNTIME_DIR", mustExist: true) is { } runtime)
        {
            return Path.Combine(runtime, "sesame", "locks");
        }

        return Path.Combine(HomeOrTemp(locator), ".cache", "sesame", "locks");
    }

    /// <summary>
    /// Where Sesame keeps small non-secret caches: <c>SESAME_CACHE_DIR</c>, else
    /// <c>$XDG_CACHE_HOME/sesame</c>, else <c>~/.cache/sesame</c>.
    /// </summary>
    /// <exception cref="UnsafeFileException"><c>SESAME_CACHE_DIR</c> is not usable.</exception>
    public static string CacheDirectory(IEnvironment environment, ConfigFileLocator locator)
    {
        if (SesameFolder(environment, locator, "SESAME_CACHE_DIR") is { } configured)
        {
            return configured;
        }

        if (XdgFolder(environment, locator, "XDG_CACHE_HOME", mustExist: false) is { } cache)
        {
            return Path.Combine(cache, "sesame");
        }

        return Path.Combine(HomeOrTemp(locator), ".cache", "sesame");
    }

    /// <summary>Where config file versions that validated cleanly are remembered (<see cref="Config.ValidatedFiles"/>).</summary>
    public static string ValidatedConfigs(IEnvironment environment, ConfigFileLocator locator)
        => Path.Combine(CacheDirectory(environment, locator), "validated-configs");

    /// <summary>
    /// A folder named by one of Sesame's variables: <c>null</c> when unset or blank; else expanded
    /// (<c>~</c>, <c>$VAR</c>, <c>${VAR}</c>) and required to be an absolute path that is not a file.
    /// </summary>
    /// <exception cref="UnsafeFileException">The value cannot be expanded to an absolute path, or names something that is not a folder.</exception>
    public static string? SesameFolder(IEnvironment environment, ConfigFileLocator locator, string variable)
        => environment.GetNonBlank(variable) is { } value ? Folder(new SettingValue(value.Trim(), new SettingOrigin(variable, null)), locator, environment) : null;

    /// <summary>
    /// A folder named by a setting's value, from its variable or its profile key (<c>sesame_file_dir</c>):
    /// expanded (<c>~</c>, <c>$VAR</c>, <c>${VAR}</c>) and required to be an absolute path that is not a file.
    /// A bad variable is an <see cref="UnsafeFileException"/> naming it; a bad key is a
    /// <see cref="Errors.ConfigException"/> with its file and line.
    /// </summary>
    public static string Folder(SettingValue value, ConfigFileLocator locator, IEnvironment environment)
    {
        var expanded = locator.ExpandPath(value.Text);
        if (!IsAbsolute(expanded, environment))
        {
            var why = expanded.StartsWith('~') ? "'~' cannot be expanded (no home folder is known)"
                : expanded.Contains('$', StringComparison.Ordinal) ? "it names a variable that is not set"
                : "it is a relative path, which would depend on the folder Sesame happens to run in";
            var problem = $"must be an absolute path, but {why}; set it to a full path such as /home/you/...";
            throw value.Origin.IsVariable
                ? new UnsafeFileException(value.Text, FileRefusal.BadPath, problem, value.Origin.Name)
                : SettingsSource.Invalid(value, problem);
        }

        var kind = Posix.Stat(expanded, followLinks: true).Kind;
        if (kind is not (FileKind.Missing or FileKind.Directory))
        {
            const string problem = "is not a folder; point the setting at a folder (it is created when missing)";
            throw value.Origin.IsVariable
                ? new UnsafeFileException(expanded, FileRefusal.NotAFolder, problem, value.Origin.Name)
                : SettingsSource.Invalid(value, problem);
        }

        return expanded;
    }

    /// <summary>
    /// A folder named by an XDG variable, or <c>null</c> when it is unset, not absolute after
    /// expansion, or (with <paramref name="mustExist"/>) not an existing folder: the XDG rule is to
    /// ignore such a value and use the default.
    /// </summary>
    public static string? XdgFolder(IEnvironment environment, ConfigFileLocator locator, string variable, bool mustExist)
    {
        if (environment.GetNonBlank(variable) is not { } value)
        {
            return null;
        }

        var expanded = locator.ExpandPath(value.Trim());
        if (!IsAbsolute(expanded, environment))
        {
            return null;
        }

        var kind = Posix.Stat(expanded, followLinks: true).Kind;
        return kind == FileKind.Directory || (!mustExist && kind == FileKind.Missing) ? expanded : null;
    }

    private static bool IsAbsolute(string path, IEnvironment environment)
        => environment.IsWindows ? Path.IsPathFullyQualified(path) : path.StartsWith('/');

    // A home folder that is not a full path ('~', '$HOME' left unexpanded) would put the folder
    // below the working folder; the temp folder is the safer fallback.
    private static string HomeOrTemp(ConfigFileLocator locator)
        => locator.HomeDirectory is { } home && Path.IsPathFullyQualified(home) ? home : Path.GetTempPath();
}
