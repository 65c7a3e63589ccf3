using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary>
/// <c>sesame keys import [PROFILE|--all] [--remove-plaintext] [--force]</c>: move access keys out of the
/// plaintext files into the store (<see cref="KeyService.ImportAsync"/>).
/// </summary>
internal static class KeysImport
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "The profile to import", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Import every profile with plaintext access keys" };
        var removePlaintext = new Option<bool>("--remove-plaintext") { Description = "Then delete the keys from the files (a backup of each file is written first)" };
        var force = CommonOptions.Force();
        var noCredentialProcess = CommonOptions.NoCredentialProcess();
        var command = new Command(
            "import",
            """
            Copy access keys from ~/.aws/credentials (or ~/.aws/config) into the secret store. With --remove-plaintext
            the aws_access_key_id and aws_secret_access_key lines are then deleted from the files, keeping every
            other byte, after writing a backup (credentials.sesame-backup-TIME-RANDOM, mode 0600) beside each file,
            and a profile left without credential settings gets 'credential_process = sesame credential-process NAME'
            so the AWS CLI and SDKs keep working (--no-credential-process leaves it out). Profiles with
            aws_session_token (temporary credentials) are skipped. A different key already stored for a profile
            stops the import (nothing is changed) unless you pass --force.

            Examples:
              sesame keys import prod
              sesame keys import --all --remove-plaintext
            """);
        command.Arguments.Add(profile);
        command.Options.Add(all);
        command.Options.Add(removePlaintext);
        command.Options.Add(force);
        command.Options.Add(noCredentialProcess);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(profile);
            if ((name is null) == !parseResult.GetValue(all))
            {
                throw new SesameException("name one profile, or pass --all (not both)", ExitCodes.ConfigError);
            }

            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var options = new KeyWriteOptions(parseResult.GetValue(force), !parseResult.GetValue(noCredentialProcess));
            var result = await new KeyService(runtime).ImportAsync(name, parseResult.GetValue(removePlaintext), options, cancellationToken).ConfigureAwait(false);
            Report(context, runtime, result, parseResult.GetValue(removePlaintext));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Report(CliContext context, SesameRuntime runtime, KeyImportResult result, bool removePlaintext)
    {
        var home = runtime.Locator.HomeDirectory;
        foreach (var skipped in result.Skipped)
        {
            context.Error.WriteLine($"sesame: skipped '{skipped}': it holds temporary credentials (aws_session_token), which do not belong in the key store");
        }

        if (result.Imported.Count == 0)
        {
            context.Out.WriteLine("No plaintext access keys to import.");
            return;
        }

        foreach (var key in result.Imported)
        {
            context.Out.WriteLine($"Imported key {key.MaskedKeyId} of profile '{key.Profile}' into the {result.Backend} store.");
        }

        if (!removePlaintext)
        {
            context.Out.WriteLine("The plaintext keys are still in the files (the stored keys take precedence). Run again with --remove-plaintext to delete them; a backup is written first.");
            return;
        }

        foreach (var removal in result.Removed)
        {
            context.Out.WriteLine($"Removed the plaintext keys of {string.Join(", ", removal.Profiles)} from {PathDisplay.Shorten(removal.Path, home)} (backup: {PathDisplay.Shorten(removal.BackupPath ?? "none", home)}; delete it once you are satisfied).");
        }

        foreach (var added in result.CredentialProcessAdded)
        {
            context.Out.WriteLine($"Wrote 'credential_process = {KeyService.CredentialProcessFor(added)}' into [profile {added}] of {PathDisplay.Shorten(result.ConfigPath!, home)}, so the AWS CLI and SDKs use the stored key (--no-credential-process leaves it out).");
        }
    }
}
