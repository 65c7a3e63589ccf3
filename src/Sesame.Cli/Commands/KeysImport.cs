using System.CommandLine;
using System.Globalization;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Stores.Typed;

namespace Sesame.Cli.Commands;

/// <summary>
/// <c>sesame keys import [PROFILE|--all] [--remove-plaintext]</c>: move access keys out of the
/// plaintext files into the store. The files are edited through <see cref="ConfigDocument"/>
/// (every other byte kept) after a 0600 backup, and only once every key is stored and read back.
/// </summary>
internal static class KeysImport
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "The profile to import", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Import every profile with plaintext access keys" };
        var removePlaintext = new Option<bool>("--remove-plaintext") { Description = "Then delete the keys from the files (a backup of each file is written first)" };
        var command = new Command(
            "import",
            """
            Copy access keys from ~/.aws/credentials (or ~/.aws/config) into the secret store. With --remove-plaintext
            the aws_access_key_id and aws_secret_access_key lines are then deleted from the files, keeping every
            other byte, after writing a backup (credentials.sesame-backup-TIMESTAMP, mode 0600) beside each file.
            Profiles with aws_session_token (temporary credentials) are skipped.

            Examples:
              sesame keys import prod
              sesame keys import --all --remove-plaintext
            """);
        command.Arguments.Add(profile);
        command.Options.Add(all);
        command.Options.Add(removePlaintext);
        command.SetAction(parseResult => Run(context, parseResult.GetValue(profile), parseResult.GetValue(all), parseResult.GetValue(removePlaintext)));
        return command;
    }

    private static int Run(CliContext context, string? name, bool all, bool removePlaintext)
    {
        if ((name is null) == !all)
        {
            throw new SesameException("name one profile, or pass --all (not both)", ExitCodes.ConfigError);
        }

        var loader = ConfigAccess.Loader(context);
        var profiles = loader.Load();
        var candidates = new List<(ConfigSection Profile, AwsCredentials Keys)>();
        foreach (var profile in name is null ? profiles.Profiles : [profiles.GetProfile(name) ?? throw new ProfileNotFoundException(name, NameSuggester.Closest(name, profiles.ProfileNames))])
        {
            var id = profile.Get(Keys.AwsAccessKeyId);
            var secret = profile.Get(Keys.AwsSecretAccessKey);
            if (id is null || secret is null)
            {
                if (name is not null)
                {
                    throw new SesameException($"profile '{name}' has no aws_access_key_id and aws_secret_access_key in the files; nothing to import", ExitCodes.ConfigError);
                }

                continue;
            }

            if (profile.Has(Keys.AwsSessionToken) || profile.Has(Keys.AwsSecurityToken))
            {
                context.Error.WriteLine($"sesame: skipped '{profile.Name}': it holds temporary credentials (aws_session_token), which do not belong in the key store");
                continue;
            }

            var keys = new AwsCredentials(id.Value, secret.Value);
            KeysCommand.ValidateKeys(keys);
            candidates.Add((profile, keys));
        }

        if (candidates.Count == 0)
        {
            context.Out.WriteLine("No plaintext access keys to import.");
            return ExitCodes.Success;
        }

        var store = new AccessKeyStore(StoreAccess.Open(context, profiles), context.Time);
        foreach (var (profile, keys) in candidates)
        {
            store.Put(profile.Name, keys);
            // Read back before anything is deleted: the file is only touched once the store has the key.
            if (store.Get(profile.Name) != keys)
            {
                throw new Core.Stores.SecretStoreException(Core.Stores.SecretStoreFailure.Failed, $"the key of profile '{profile.Name}' did not read back from the store; the files were not changed");
            }

            context.Out.WriteLine($"Imported key {KeyDisplay.Mask(keys.AccessKeyId)} of profile '{profile.Name}' into the {StoreAccess.Factory(context).Select(StoreAccess.Settings(context, profiles)).Name} store.");
        }

        if (!removePlaintext)
        {
            context.Out.WriteLine("The plaintext keys are still in the files (the stored keys take precedence). Run again with --remove-plaintext to delete them; a backup is written first.");
            return ExitCodes.Success;
        }

        foreach (var (path, kind) in new[] { (loader.Locator.CredentialsFilePath, ConfigFileKind.Credentials), (loader.Locator.ConfigFilePath, ConfigFileKind.Config) })
        {
            var inFile = candidates.Where(c => c.Profile.Get(Keys.AwsAccessKeyId)!.Location.File == path || c.Profile.Get(Keys.AwsSecretAccessKey)!.Location.File == path).ToList();
            if (inFile.Count == 0)
            {
                continue;
            }

            var original = context.FileSystem.ReadAllBytes(path);
            var document = ConfigDocument.Parse(path, kind, original);
            foreach (var (profile, _) in inFile)
            {
                document.RemoveValue(SectionKind.Profile, profile.Name, Keys.AwsAccessKeyId);
                document.RemoveValue(SectionKind.Profile, profile.Name, Keys.AwsSecretAccessKey);
            }

            var backup = $"{path}.sesame-backup-{context.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            context.FileSystem.WriteAllBytesAtomic(backup, original);
            document.Save(context.FileSystem, path);
            context.Out.WriteLine($"Removed the plaintext keys of {string.Join(", ", inFile.Select(c => c.Profile.Name))} from {path} (backup: {backup}; delete it once you are satisfied).");
        }

        return ExitCodes.Success;
    }
}
