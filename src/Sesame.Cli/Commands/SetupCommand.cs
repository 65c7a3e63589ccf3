using System.CommandLine;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame setup [--backend NAME]</c>: choose and create the secret store, deliberately.</summary>
internal static class SetupCommand
{
    public static Command Create(CliContext context)
    {
        var backend = new Option<string?>("--backend") { Description = "secret-service, keychain, dpapi, pass or file (default: the best available here)" };
        var command = new Command(
            "setup",
            """
            Set up Sesame's secret store: where long-term access keys, TOTP seeds and cached temporary credentials
            are kept, encrypted. Picks the best store available here (the OS keyring, pass, or an encrypted file
            with a passphrase you choose now) and remembers the choice. Until a store is set up, temporary
            credentials are cached in the kernel keyring only, until you log out.

            Examples:
              sesame setup
              sesame setup --backend file
            """);
        command.Options.Add(backend);
        command.SetAction(parseResult =>
        {
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var result = new StoreSetup(runtime).Run(parseResult.GetValue(backend));
            context.Out.WriteLine(result.Created
                ? $"Created the encrypted store at {result.FileStoreDirectory}; it stays unlocked for {Core.Settings.SettingParsers.FormatDuration(runtime.Stores.Settings.UnlockTimeout)} at a time ('sesame lock' closes it)."
                : $"Using the {result.Selection.Name} store: {result.Selection.How}.");
            context.Out.WriteLine("Sesame keeps long-term keys, TOTP seeds and cached temporary credentials there, never in plaintext files.");
            context.Out.WriteLine("Next: 'sesame keys import --all --remove-plaintext' moves keys out of ~/.aws/credentials; 'sesame mfa add SERIAL' stores an MFA seed.");
            return ExitCodes.Success;
        });
        return command;
    }
}
