using System.CommandLine;
using System.Globalization;
using Sesame.Cli.Output;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame keys add|list|remove|import|rotate</c>: long-term access keys in the secret store.</summary>
internal static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "keys",
            """
            Keep long-term access keys in the secret store instead of ~/.aws/credentials. A profile whose keys are
            stored resolves exactly as if they were in the credentials file (and the store wins over the file).

            Examples:
              sesame keys add prod
              sesame keys import --all --remove-plaintext
              sesame keys rotate prod
            """);
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Remove(context));
        command.Subcommands.Add(KeysImport.Create(context));
        command.Subcommands.Add(Rotate(context));
        return command;
    }

    private static Command Add(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile the keys belong to" };
        var fromEnv = new Option<bool>("--from-env") { Description = "Read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of prompting (for scripts)" };
        var force = CommonOptions.Force();
        var noCredentialProcess = CommonOptions.NoCredentialProcess();
        var command = new Command(
            "add",
            """
            Store a profile's access key. The key id and secret are asked on the terminal (the secret without echo),
            or read from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY with --from-env. A profile no file defines is
            added to ~/.aws/config; a profile without credential settings of its own gets
            'credential_process = sesame credential-process NAME', so the AWS CLI and SDKs use the stored key too
            (--no-credential-process to leave it out). A different key already stored for the profile is kept
            unless you pass --force.

            Examples:
              sesame keys add prod
              AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… sesame keys add ci --from-env
            """);
        command.Arguments.Add(profile);
        command.Options.Add(fromEnv);
        command.Options.Add(force);
        command.Options.Add(noCredentialProcess);
        command.SetAction((parseResult, cancellationToken) => RunAddAsync(
            context,
            parseResult.GetValue(profile)!,
            parseResult.GetValue(fromEnv),
            new KeyWriteOptions(parseResult.GetValue(force), !parseResult.GetValue(noCredentialProcess)),
            parseResult.GetValue(GlobalOptions.Debug),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAddAsync(CliContext context, string profile, bool fromEnv, KeyWriteOptions options, bool debug, CancellationToken cancellationToken)
    {
        KeyService.ValidateProfileName(profile);
        AwsCredentials keys;
        if (fromEnv)
        {
            var id = context.Environment.GetVariable("AWS_ACCESS_KEY_ID")?.Trim();
            var secret = context.Environment.GetVariable("AWS_SECRET_ACCESS_KEY")?.Trim();
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            {
                throw new SesameException("--from-env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to be set", ExitCodes.ConfigError);
            }

            keys = new AwsCredentials(id, secret);
        }
        else
        {
            if (!context.Terminal.IsAvailable)
            {
                throw new InteractionRequiredException("no terminal to ask for the key; pass --from-env with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set");
            }

            var id = context.Terminal.ReadLine($"Access key ID for profile '{profile}': ").Trim();
            var secret = context.Terminal.ReadLine("Secret access key: ", secret: true).Trim();
            keys = new AwsCredentials(id, secret);
        }

        var runtime = context.Runtime(debug);
        var result = await new KeyService(runtime).AddAsync(profile, keys, options, cancellationToken).ConfigureAwait(false);
        var shown = PathDisplay.Shorten(result.ConfigPath, runtime.Locator.HomeDirectory);
        context.Out.WriteLine($"Stored access key {result.MaskedKeyId} for profile '{profile}' in the {result.Backend} store{(result.Replaced ? " (it replaces the key stored before)" : string.Empty)}.");
        if (result.AddedSection)
        {
            context.Out.WriteLine($"Added [profile {profile}] to {shown}.");
        }

        if (result.AddedCredentialProcess)
        {
            context.Out.WriteLine($"Wrote 'credential_process = {KeyService.CredentialProcessFor(profile)}' into [profile {profile}] of {shown}, so the AWS CLI and SDKs use the stored key (--no-credential-process leaves it out).");
        }

        if (result.PlaintextKeys is { } plaintext)
        {
            context.Error.WriteLine($"sesame: note: {PathDisplay.Shorten(plaintext.File, runtime.Locator.HomeDirectory)}:{plaintext.Line} still holds plaintext keys for '{profile}'; the stored keys take precedence. Delete them with 'sesame keys import {profile} --remove-plaintext'.");
        }

        return ExitCodes.Success;
    }

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array (profile, key_id, created, added)" };
        var command = new Command(
            "list",
            """
            List the profiles with stored access keys: the key id masked to its last 4 characters, and when the key
            was created in IAM (known for keys made by 'keys rotate') and put in the store. Nothing is unlocked.

            Examples:
              sesame keys list
            """);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var keys = context.Runtime(parseResult.GetValue(GlobalOptions.Debug)).Stores.AccessKeys().List();
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Out, writer =>
                {
                    writer.WriteStartArray();
                    foreach (var key in keys)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("profile", key.Profile);
                        writer.WriteString("key_id", key.MaskedKeyId);
                        writer.WriteNullable("created", Format(key.Created));
                        writer.WriteNullable("added", Format(key.Added));
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            if (keys.Count == 0)
            {
                context.Error.WriteLine("sesame: no stored access keys; add some with 'sesame keys add PROFILE' or 'sesame keys import --all'");
                return ExitCodes.Success;
            }

            var table = new TextTable("PROFILE", "KEY ID", "CREATED", "ADDED");
            foreach (var key in keys)
            {
                table.Add(key.Profile, key.MaskedKeyId, Format(key.Created), Format(key.Added));
            }

            table.Write(context.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile whose stored keys to delete" };
        var command = new Command(
            "remove",
            """
            Delete a profile's access key from the store (the key stays valid in IAM; see 'keys rotate').

            Examples:
              sesame keys remove old-project
            """);
        command.Arguments.Add(profile);
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(profile)!;
            if (!new KeyService(context.Runtime(parseResult.GetValue(GlobalOptions.Debug))).Remove(name))
            {
                throw new SesameException($"no stored access keys for profile '{name}'; 'sesame keys list' shows the stored ones", ExitCodes.ConfigError);
            }

            context.Out.WriteLine($"Removed the stored access keys of profile '{name}'.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rotate(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile whose stored key to rotate" };
        var command = new Command(
            "rotate",
            """
            Replace a profile's stored key with a new one: check the current key, create a new key in IAM, wait
            until it works, store it, then delete the old key. If anything fails before the new key is stored,
            the new key is deleted again and the old one stays as it was. Honours AWS_ENDPOINT_URL_IAM/_STS.

            Examples:
              sesame keys rotate prod
            """);
        command.Arguments.Add(profile);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(profile)!;
            var keys = new KeyService(context.Runtime(parseResult.GetValue(GlobalOptions.Debug)));
            var result = await keys.RotateAsync(name, line => context.Error.WriteLine("sesame: " + line), cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine($"Rotated the key of profile '{name}': {result.OldKey} -> {result.NewKey} ({result.UserArn}).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? Format(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
