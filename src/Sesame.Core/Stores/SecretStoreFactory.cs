using System.Text;
using Sesame.Core.Platform;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Core.Stores.Msal;
using Sesame.Core.Stores.Pass;
using Sesame.Core.Stores.SecretService;
using Sesame.Core.Stores.Unlock;

namespace Sesame.Core.Stores;

/// <summary>Which backend is used, and why.</summary>
/// <param name="Name">The backend name.</param>
/// <param name="How">How it was chosen (a setting, or automatic selection).</param>
public sealed record BackendSelection(string Name, string How);

/// <summary>A backend as <c>sesame backends</c> shows it.</summary>
/// <param name="Name">The backend name.</param>
/// <param name="Available">True when it can be used here.</param>
/// <param name="Reason">Why it cannot be used, when it cannot.</param>
/// <param name="Description">What it is.</param>
public sealed record BackendStatus(string Name, bool Available, string? Reason, string Description);

/// <summary>
/// Picks and opens the secret store. A backend named by <c>SESAME_BACKEND</c> or
/// <c>sesame_backend</c> is opened without probing anything (the <c>credential_process</c> hot
/// path). Automatic selection probes once, then remembers its choice in the data folder so later
/// runs neither probe nor silently switch to another store when, say, D-Bus is missing.
/// </summary>
public sealed class SecretStoreFactory
{
    private const string RememberedChoice = "backend";
    private readonly IEnvironment _environment;
    private readonly IFileSystem _fileSystem;
    private readonly IProcessRunner _runner;
    private readonly ITerminal _terminal;
    private readonly IUnlockCache? _unlockCache;

    /// <summary>Creates the factory over the seams its backends use.</summary>
    /// <param name="environment">Variables (passphrase, D-Bus, password-store location).</param>
    /// <param name="fileSystem">File access.</param>
    /// <param name="runner">Runs pass and secret-tool.</param>
    /// <param name="terminal">Asks for the file store's passphrase.</param>
    /// <param name="unlockCache">Overrides the kernel-keyring unlock cache (tests).</param>
    public SecretStoreFactory(IEnvironment environment, IFileSystem fileSystem, IProcessRunner runner, ITerminal terminal, IUnlockCache? unlockCache = null)
    {
        _environment = environment;
        _fileSystem = fileSystem;
        _runner = runner;
        _terminal = terminal;
        _unlockCache = unlockCache;
    }

    /// <summary>Opens the selected store.</summary>
    public ISecretStore Open(StoreSettings settings) => Create(Select(settings).Name, settings);

    /// <summary>
    /// Opens the store only if one is already in use (named by a setting, or chosen before and
    /// remembered); otherwise <c>null</c>. Never probes and never writes, so read-only commands
    /// (<c>list</c>, <c>explain</c>, <c>status</c>) stay read-only: with no store in use there is
    /// nothing stored to show.
    /// </summary>
    public ISecretStore? OpenExisting(StoreSettings settings)
        => SelectExisting(settings) is { } selection ? Create(selection.Name, settings) : null;

    /// <summary>The backend to use: the setting, else the remembered automatic choice, else a fresh detection (remembered).</summary>
    public BackendSelection Select(StoreSettings settings)
    {
        if (SelectExisting(settings) is { } existing)
        {
            return existing;
        }

        var remembered = Path.Combine(settings.DataDirectory, RememberedChoice);
        var detected = Detect(settings);
        _fileSystem.WriteAllBytesAtomic(remembered, Encoding.UTF8.GetBytes(detected + "\n"));
        return new BackendSelection(detected, $"chosen automatically as the best available (remembered in {remembered}; set SESAME_BACKEND to change)");
    }

    /// <summary>Remembers <paramref name="backend"/> as the choice for later runs (what <c>sesame setup --backend</c> does).</summary>
    public BackendSelection Remember(StoreSettings settings, string backend)
    {
        var remembered = Path.Combine(settings.DataDirectory, RememberedChoice);
        _fileSystem.WriteAllBytesAtomic(remembered, Encoding.UTF8.GetBytes(backend + "\n"));
        return new BackendSelection(backend, $"chosen with 'sesame setup' (remembered in {remembered}; set SESAME_BACKEND to change)");
    }

    /// <summary>The backend <see cref="Select"/> would use, without remembering an automatic choice.</summary>
    public string Preview(StoreSettings settings) => SelectExisting(settings)?.Name ?? Detect(settings);

    private BackendSelection? SelectExisting(StoreSettings settings)
    {
        if (settings.Backend is not null)
        {
            return new BackendSelection(settings.Backend, "set by " + settings.BackendSource);
        }

        var remembered = Path.Combine(settings.DataDirectory, RememberedChoice);
        if (_fileSystem.FileExists(remembered))
        {
            var name = Encoding.UTF8.GetString(_fileSystem.ReadAllBytes(remembered)).Trim();
            if (BackendNames.IsKnown(name))
            {
                return new BackendSelection(name, $"chosen automatically on first use (remembered in {remembered}; set SESAME_BACKEND to change)");
            }
        }

        return null;
    }

    /// <summary>Creates a backend by name without probing it.</summary>
    public ISecretStore Create(string backend, StoreSettings settings) => backend switch
    {
        BackendNames.File => new EncryptedFileStore(settings.FileDirectory, _fileSystem, new PassphrasePrompt(_environment, _terminal), UnlockCacheFor(settings), settings.UnlockTimeout),
        BackendNames.Pass => new PassStore(_environment, _fileSystem, _runner),
        BackendNames.SecretService => new SecretServiceStore(_environment, _runner),
        BackendNames.Keychain or BackendNames.Dpapi => new MsalStore(backend, Path.Combine(settings.DataDirectory, backend), _fileSystem),
        _ => throw new ArgumentException($"unknown backend '{backend}'", nameof(backend)),
    };

    /// <summary>The unlock cache the file store uses with these settings.</summary>
    public IUnlockCache UnlockCacheFor(StoreSettings settings)
    {
        if (_unlockCache is not null)
        {
            return _unlockCache;
        }

        if (settings.UnlockTimeout <= TimeSpan.Zero)
        {
            return new NoUnlockCache("switched off (unlock timeout 0)");
        }

        return KernelKeyringCache.UnavailableReason is { } reason ? new NoUnlockCache(reason) : new KernelKeyringCache();
    }

    /// <summary>Every backend with its availability here (probes D-Bus and looks for programs).</summary>
    public IReadOnlyList<BackendStatus> Describe(StoreSettings settings)
    {
        var cache = UnlockCacheFor(settings);
        var cacheText = cache is NoUnlockCache none ? $"no unlock cache: {none.Reason}" : $"unlock kept in the {cache.Name} for {Settings.SettingParsers.FormatDuration(settings.UnlockTimeout)}";
        return
        [
            Status(BackendNames.SecretService, ((SecretServiceStore)Create(BackendNames.SecretService, settings)).ProbeUnavailableReason(), "freedesktop Secret Service (gnome-keyring, KWallet, KeePassXC) via secret-tool"),
            Status(BackendNames.Keychain, MsalStore.UnavailableReason(BackendNames.Keychain), "macOS Keychain via MSAL extensions"),
            Status(BackendNames.Dpapi, MsalStore.UnavailableReason(BackendNames.Dpapi), "Windows DPAPI-protected files via MSAL extensions"),
            Status(BackendNames.Pass, new PassStore(_environment, _fileSystem, _runner).UnavailableReason, $"pass, the GnuPG password store ({PassStore.StoreDirectoryFor(_environment)})"),
            Status(BackendNames.File, null, $"encrypted file, AES-256-GCM with a passphrase ({settings.FileDirectory}; {cacheText})"),
        ];
    }

    private static BackendStatus Status(string name, string? reason, string description) => new(name, reason is null, reason, description);

    private string Detect(StoreSettings settings)
    {
        if (OperatingSystem.IsMacOS())
        {
            return BackendNames.Keychain;
        }

        if (OperatingSystem.IsWindows())
        {
            return BackendNames.Dpapi;
        }

        if (((SecretServiceStore)Create(BackendNames.SecretService, settings)).ProbeUnavailableReason() is null)
        {
            return BackendNames.SecretService;
        }

        return new PassStore(_environment, _fileSystem, _runner).UnavailableReason is null ? BackendNames.Pass : BackendNames.File;
    }
}
