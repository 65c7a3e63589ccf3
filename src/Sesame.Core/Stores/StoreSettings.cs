using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Settings;

namespace Sesame.Core.Stores;

/// <summary>
/// The secret-store settings, each from its environment variable first, then from the
/// <c>[default]</c> profile of <c>~/.aws/config</c> (<c>sesame_backend</c>, <c>sesame_file_dir</c>,
/// <c>sesame_unlock_timeout</c>), then the built-in default. See docs/settings.md.
/// </summary>
/// <param name="Backend">The backend named by a setting, or <c>null</c> for automatic selection.</param>
/// <param name="BackendSource">Where <paramref name="Backend"/> came from (for <c>sesame backends</c>).</param>
/// <param name="FileDirectory">The encrypted file store's folder.</param>
/// <param name="DataDirectory">Sesame's data folder (the automatic choice is remembered there).</param>
/// <param name="UnlockTimeout">How long an unlocked file store stays unlocked; zero asks every time.</param>
public sealed record StoreSettings(string? Backend, string? BackendSource, string FileDirectory, string DataDirectory, TimeSpan UnlockTimeout)
{
    /// <summary>Names the backend.</summary>
    public const string BackendVariable = "SESAME_BACKEND";

    /// <summary>Names the encrypted file store's folder.</summary>
    public const string FileDirVariable = "SESAME_FILE_DIR";

    /// <summary>How long an unlock lasts: seconds, or a number with s, m, h or d.</summary>
    public const string UnlockTimeoutVariable = "SESAME_UNLOCK_TIMEOUT";

    /// <summary>The unlock timeout when none is set: a working day.</summary>
    public static readonly TimeSpan DefaultUnlockTimeout = TimeSpan.FromHours(8);

    /// <summary>Reads the settings. <paramref name="profiles"/> may be <c>null</c> when the config is not loaded.</summary>
    /// <exception cref="ConfigException">A setting has an invalid value (a <c>sesame_file_dir</c> that is not an absolute path names its file and line).</exception>
    /// <exception cref="UnsafeFileException"><c>SESAME_FILE_DIR</c> is not an absolute path, or names a file.</exception>
    public static StoreSettings Resolve(IEnvironment environment, ProfileSet? profiles = null)
    {
        // The store is one per user, so its settings come from the [default] profile, not the selected one.
        var source = new SettingsSource(environment, profiles?.GetProfile("default"));
        var backendSetting = source.Get(SettingCatalog.Backend);
        var backend = backendSetting?.Text;
        var backendSource = backendSetting is null ? null : backendSetting.Origin.IsVariable ? backendSetting.Origin.Name : "sesame_backend at " + backendSetting.Origin.Location;
        if (backend is not null && string.Equals(backend, "auto", StringComparison.OrdinalIgnoreCase))
        {
            backend = null;
            backendSource = null;
        }

        if (backend is not null && !BackendNames.IsKnown(backend))
        {
            throw SettingsSource.Invalid(backendSetting!, $"is not a secret-store backend; choose one of {string.Join(", ", BackendNames.All)} or auto");
        }

        var locator = new ConfigFileLocator(environment);
        var data = DataDirectoryFor(environment, locator.HomeDirectory ?? ".");

        // The folder rules of every Sesame folder setting: expanded, then absolute (never a folder named '~' below the working folder).
        var fileDirectory = source.Get(SettingCatalog.FileDirectory) is { } folder ? SesamePaths.Folder(folder, locator, environment) : Path.Combine(data, "store");
        var timeout = source.Duration(SettingCatalog.UnlockTimeout, DefaultUnlockTimeout);
        return new StoreSettings(backend, backendSource, fileDirectory, data, timeout);
    }

    /// <summary>Sesame's data folder: <c>$XDG_DATA_HOME/sesame</c> or <c>~/.local/share/sesame</c>; on Windows <c>%LOCALAPPDATA%\sesame</c>; on macOS <c>~/Library/Application Support/sesame</c>.</summary>
    public static string DataDirectoryFor(IEnvironment environment, string home)
    {
        if (environment.IsWindows)
        {
            return Path.Combine(environment.GetNonBlank("LOCALAPPDATA") ?? Path.Combine(home, "AppData", "Local"), "sesame");
        }

        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Application Support", "sesame");
        }

        // XDG Base Directory: a value that is not an absolute path (after ~ and $VAR expansion) is ignored.
        return Path.Combine(SesamePaths.XdgFolder(environment, new ConfigFileLocator(environment), "XDG_DATA_HOME", mustExist: false) ?? Path.Combine(home, ".local", "share"), "sesame");
    }
}

/// <summary>The backend names.</summary>
public static class BackendNames
{
    /// <summary>Sesame's encrypted file.</summary>
    public const string File = "file";

    /// <summary>The pass password store.</summary>
    public const string Pass = "pass";

    /// <summary>The freedesktop Secret Service (gnome-keyring, KWallet, KeePassXC).</summary>
    public const string SecretService = "secret-service";

    /// <summary>The macOS Keychain (through MSAL's storage).</summary>
    public const string Keychain = "keychain";

    /// <summary>DPAPI-protected files on Windows (through MSAL's storage).</summary>
    public const string Dpapi = "dpapi";

    /// <summary>Every name, in the order <c>sesame backends</c> shows them.</summary>
    public static readonly IReadOnlyList<string> All = [SecretService, Keychain, Dpapi, Pass, File];

    /// <summary>True for a known backend name (a loop, not LINQ: this runs on every credential_process call).</summary>
    public static bool IsKnown(string name) => name is SecretService or Keychain or Dpapi or Pass or File;
}
