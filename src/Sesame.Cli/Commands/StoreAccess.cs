using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Engine;
using Sesame.Core.Errors;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Typed;

namespace Sesame.Cli.Commands;

/// <summary>Opening the secret store for a command.</summary>
internal static class StoreAccess
{
    public static SecretStoreFactory Factory(CliContext context)
        => context.SecretStores ?? new SecretStoreFactory(context.Environment, context.FileSystem, context.Processes, context.Terminal);

    public static StoreSettings Settings(CliContext context, ProfileSet? profiles) => StoreSettings.Resolve(context.Environment, profiles);

    public static ISecretStore Open(CliContext context, ProfileSet? profiles) => Factory(context).Open(Settings(context, profiles));

    /// <summary>
    /// The session cache the engine uses: the kernel keyring in front of the secret store's
    /// sessions (see <see cref="KeyringSessionCache"/>). The store is opened only as
    /// <paramref name="stores"/> allows.
    /// </summary>
    public static KeyringSessionCache SessionCache(CliContext context, StoreSettings settings, StoreAccessors stores)
        => new(
            new SessionCacheAdapter(stores, context.Time),
            Factory(context).UnlockCacheFor(settings),
            $"{settings.Backend ?? "auto"}|{settings.DataDirectory}|{settings.FileDirectory}",
            settings.UnlockTimeout,
            context.Time);

    /// <summary>
    /// "Does the store hold keys for this profile?" for list and explain: from metadata, never
    /// unlocking and never writing (no store in use means no stored keys), and false (with one note
    /// on stderr) when the store cannot be read, so a broken keyring does not stop a listing.
    /// </summary>
    public static Func<string, bool> HasStoredKeys(CliContext context, ProfileSet profiles)
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
                    var store = Factory(context).OpenExisting(Settings(context, profiles));
                    if (store is null)
                    {
                        none = true;
                        return false;
                    }

                    keys = new AccessKeyStore(store, context.Time);
                }

                return keys.Has(profile);
            }
            catch (SesameException e)
            {
                failed = true;
                context.Error.WriteLine($"sesame: note: stored keys are not shown: {e.Message}");
                return false;
            }
        };
    }
}
