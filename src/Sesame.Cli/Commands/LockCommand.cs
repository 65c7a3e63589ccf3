using System.CommandLine;
using Sesame.Core.Errors;
using Sesame.Core.Stores.EncryptedFile;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame lock</c> and <c>sesame unlock</c>: forget, or ask for now, the encrypted store's passphrase.</summary>
internal static class LockCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "lock",
            """
            Forget the unlocked key of the encrypted file store, so the next use asks for the passphrase again.
            (The OS keyring and pass are locked by the desktop and by gpg-agent.)

            Examples:
              sesame lock
            """);
        command.SetAction(parseResult => Run(context, unlock: false, parseResult.GetValue(GlobalOptions.Debug)));
        return command;
    }

    public static Command CreateUnlock(CliContext context)
    {
        var command = new Command(
            "unlock",
            """
            Ask for the encrypted file store's passphrase now (creating the store if needed) and keep it unlocked
            for the unlock timeout (SESAME_UNLOCK_TIMEOUT, 8h by default), so programs without a terminal, such
            as an IDE's AWS plugin calling credential_process, do not need to ask.

            Examples:
              sesame unlock
            """);
        command.SetAction(parseResult => Run(context, unlock: true, parseResult.GetValue(GlobalOptions.Debug)));
        return command;
    }

    private static int Run(CliContext context, bool unlock, bool debug)
    {
        var stores = context.Runtime(debug).Stores;
        var store = stores.Open();
        if (!unlock)
        {
            // Cached sessions kept in the kernel keyring are unlocked material too: forget them, whatever the backend.
            stores.SessionCache(Core.Engine.StoreAccessors.Of(store)).Forget();
        }

        if (store is not EncryptedFileStore file)
        {
            context.Out.WriteLine($"The {store.Backend} backend is locked and unlocked by {(store.Backend == "pass" ? "gpg-agent (gpgconf --reload gpg-agent forgets its passphrases)" : "the operating system")}; nothing to do.");
            return ExitCodes.Success;
        }

        if (unlock)
        {
            file.Unlock();
            var settings = stores.Settings;
            var cache = stores.Factory.UnlockCacheFor(settings);
            context.Out.WriteLine(cache.IsAvailable
                ? $"Unlocked the encrypted store at {file.Directory} for {Core.Settings.SettingParsers.FormatDuration(settings.UnlockTimeout)} (in the {cache.Name})."
                : $"The passphrase is correct, but it cannot be kept: {((Core.Stores.Unlock.NoUnlockCache)cache).Reason}.");
            return ExitCodes.Success;
        }

        context.Out.WriteLine(file.Lock()
            ? $"Locked the encrypted store at {file.Directory}."
            : $"The encrypted store at {file.Directory} was not unlocked.");
        return ExitCodes.Success;
    }
}
