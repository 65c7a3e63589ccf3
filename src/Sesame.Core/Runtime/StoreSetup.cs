using Sesame.Core.Errors;
using Sesame.Core.Stores;
using Sesame.Core.Stores.EncryptedFile;

namespace Sesame.Core.Runtime;

/// <summary>
/// <c>sesame setup</c>: the deliberate first run. Picks the secret store (the best one available here,
/// or the one named), remembers the choice, and creates it — for the encrypted file store that means
/// choosing its passphrase now, on the terminal, instead of inside whatever program first needs
/// credentials. Running it again reports what is in use and changes nothing.
/// </summary>
public sealed class StoreSetup
{
    private readonly SesameRuntime _runtime;

    /// <summary>Creates the workflow over a runtime.</summary>
    public StoreSetup(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>Sets the store up; <paramref name="backend"/> <c>null</c> chooses the best available.</summary>
    public StoreSetupResult Run(string? backend)
    {
        var stores = _runtime.Stores;
        var settings = stores.Settings;
        BackendSelection selection;
        if (backend is not null)
        {
            if (!BackendNames.IsKnown(backend))
            {
                throw new SesameException($"unknown backend '{backend}'; choose one of {string.Join(", ", BackendNames.All)} ('sesame backends' shows which work here)", ExitCodes.ConfigError);
            }

            if (settings.Backend is { } configured && configured != backend)
            {
                throw new SesameException($"the backend is set to '{configured}' by {settings.BackendSource}; change that setting instead", ExitCodes.ConfigError);
            }

            if (stores.Factory.Describe(settings).FirstOrDefault(b => b.Name == backend) is { Available: false } unavailable)
            {
                throw new SecretStoreException(SecretStoreFailure.Unavailable, $"the {backend} backend cannot be used here: {unavailable.Reason}");
            }

            selection = stores.Factory.Remember(settings, backend);
        }
        else
        {
            selection = stores.Selection;
        }

        var store = stores.Factory.Create(selection.Name, settings);
        var created = false;
        if (store is EncryptedFileStore file)
        {
            created = !file.Exists;
            file.Unlock();
        }

        return new StoreSetupResult(selection, store is EncryptedFileStore f ? f.Directory : null, created);
    }
}

/// <summary>What <c>sesame setup</c> did.</summary>
/// <param name="Selection">The backend and how it was chosen.</param>
/// <param name="FileStoreDirectory">The encrypted file store's folder, when that is the backend.</param>
/// <param name="Created">True when the encrypted file store was created now.</param>
public sealed record StoreSetupResult(BackendSelection Selection, string? FileStoreDirectory, bool Created);
