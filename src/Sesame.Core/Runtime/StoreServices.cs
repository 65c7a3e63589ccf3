using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Engine;
using Sesame.Core.Errors;
using Sesame.Core.Settings;
using Sesame.Core.Stores;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Core.Stores.Typed;

namespace Sesame.Core.Runtime;

/// <summary>
/// The secret store as the runtime uses it: its settings (from the <c>[default]</c> profile), the
/// factory, and a lazily opened store. <see cref="Accessors"/> opens the store only when something
/// needs it: <see cref="StoreAccessors.Existing"/> never creates one (read paths stay read-only),
/// <see cref="StoreAccessors.CreateIfNeeded"/> chooses and remembers a backend.
/// </summary>
public sealed class StoreServices
{
    private readonly RuntimeSeams _seams;
    private readonly Func<ProfileSet> _profiles;
    private readonly Lazy<StoreSettings> _settings;
    private readonly Lazy<ISecretStore> _created;
    private ISecretStore? _opened;

    internal StoreServices(RuntimeSeams seams, Func<ProfileSet> profiles)
    {
        _seams = seams;
        _profiles = profiles;
        Factory = seams.SecretStores ?? new SecretStoreFactory(seams.Environment, seams.FileSystem, seams.Processes, seams.Terminal);
        _settings = new Lazy<StoreSettings>(() => StoreSettings.Resolve(seams.Environment, _profiles()));

        // "No store yet" is not remembered: while this process waits for a lock, another one may
        // create the store and cache what this one is waiting for.
        _created = new Lazy<ISecretStore>(() => Existing() ?? Factory.Open(Settings));
        Accessors = new StoreAccessors(Existing, () => _opened ??= _created.Value) { ForSessions = ForSessions };
    }

    /// <summary>Opens backends.</summary>
    public SecretStoreFactory Factory { get; }

    /// <summary>The store settings in force.</summary>
    public StoreSettings Settings => _settings.Value;

    /// <summary>How the engine reaches the store.</summary>
    public StoreAccessors Accessors { get; }

    /// <summary>The store in use, chosen (and remembered) now if need be.</summary>
    public ISecretStore Open() => Accessors.CreateIfNeeded();

    /// <summary>The backend that is (or would be) used, and why.</summary>
    public BackendSelection Selection => Factory.Select(Settings);

    /// <summary>The access keys kept in the store.</summary>
    public AccessKeyStore AccessKeys() => new(Open(), _seams.Time);

    /// <summary>The TOTP seeds kept in the store.</summary>
    public TotpSeedStore TotpSeeds() => new(Open());

    /// <summary>
    /// The session cache the engine uses: the kernel keyring in front of the secret store's sessions
    /// (see <see cref="KeyringSessionCache"/>), opening the store only as <paramref name="stores"/> allows.
    /// </summary>
    public KeyringSessionCache SessionCache(StoreAccessors? stores = null)
    {
        var settings = Settings;
        return new KeyringSessionCache(
            new SessionCacheAdapter(stores ?? Accessors, _seams.Time),
            Factory.UnlockCacheFor(settings),
            $"{settings.Backend ?? "auto"}|{settings.DataDirectory}|{settings.FileDirectory}",
            settings.UnlockTimeout,
            _seams.Time,
            _seams.Log.Warn);
    }

    /// <summary>
    /// "Does the store hold keys for this profile?" for list and explain: from metadata, never unlocking
    /// and never writing (no store in use means no stored keys), and false (with one warning) when the
    /// store cannot be read, so a broken keyring does not stop a listing.
    /// </summary>
    public Func<string, bool> HasStoredKeys()
    {
        AccessKeyStore? keys = null;
        var failed = false;
        var none = false;
        return profile =>
        {
            if (failed || none)
            {
                return false;
            }

            try
            {
                if (keys is null)
                {
                    var store = Existing();
                    if (store is null)
                    {
                        none = true;
                        return false;
                    }

                    keys = new AccessKeyStore(store, _seams.Time);
                }

                return keys.Has(profile);
            }
            catch (SesameException e)
            {
                failed = true;
                _seams.Log.Warn($"stored keys are not shown: {e.Message}");
                return false;
            }
        };
    }

    private ISecretStore? Existing() => _opened ??= Factory.OpenExisting(Settings);

    // Cached sessions never cost a prompt the user did not ask for: a locked store is used only when a
    // terminal can ask for its passphrase, and a store is created implicitly only when that needs
    // nobody (the OS keyring, pass, or the file store with its passphrase in the environment). Otherwise
    // the session cache keeps sessions in the kernel keyring alone (KeyringSessionCache).
    private (ISecretStore? Store, string? Reason) ForSessions()
    {
        var store = Existing();
        if (store is EncryptedFileStore { Exists: false } || (store is null && Factory.Preview(Settings) == BackendNames.File))
        {
            // Creating the encrypted file store means choosing a passphrase: only 'sesame setup' (or a
            // passphrase given through the environment) does that.
            return string.IsNullOrEmpty(_seams.Environment.GetVariable(PassphrasePrompt.Variable))
                ? (null, "no secret store is set up yet (run 'sesame setup' to create one)")
                : (Open(), null);
        }

        if (store is not null)
        {
            return store.IsReadyWithoutAsking || _seams.Terminal.IsAvailable
                ? (store, null)
                : (null, $"the {store.Backend} store is locked and there is no terminal to ask for its passphrase (run 'sesame unlock' to open it for {SettingParsers.FormatDuration(Settings.UnlockTimeout)})");
        }

        return (Open(), null);
    }
}
