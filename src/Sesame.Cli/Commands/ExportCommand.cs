using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame export [&lt;profile&gt;] --format …</c>.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "The profile (default: the AWS default chain: environment, AWS_PROFILE, default, …)", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format", "-f")
        {
            Description = "env (sh/bash/zsh), fish, powershell, dotenv, json, ini, or process (credential_process JSON)",
            DefaultValueFactory = _ => "env",
        };
        var toProfile = new Option<string?>("--to-profile")
        {
            Description = "Write the credentials into this profile of the credentials file instead of printing them (with expiration; 'sesame refresh' renews it)",
            HelpName = "NAME",
        };
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "export",
            """
            Print credentials for a profile in a format a shell or program reads. Without a profile, the AWS
            default chain decides, exactly as the AWS CLI would (environment, AWS_PROFILE, default, container,
            instance metadata).

            With --to-profile NAME the profile's temporary credentials are written into [NAME] of the
            credentials file (the lock, an atomic save, every other line kept), with expiration and
            sesame_source_profile; a section Sesame did not write is never overwritten. Tools that only
            read ~/.aws/credentials use NAME; 'sesame refresh' (or 'refresh --install') keeps it fresh.

            Examples:
              eval "$(sesame export prod)"
              sesame export prod --format fish | source
              sesame export prod --format dotenv > .env
              sesame export prod --to-profile prod-session
            """);
        command.Arguments.Add(profile);
        command.Options.Add(format);
        command.Options.Add(toProfile);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(toProfile) is { } target)
            {
                if (parseResult.GetResult(format) is { Implicit: false })
                {
                    throw new SesameException("--format and --to-profile do not go together: --to-profile writes the credentials file", ExitCodes.ConfigError);
                }

                var source = parseResult.GetValue(profile)
                    ?? throw new SesameException("--to-profile needs the profile to take the credentials from: sesame export PROFILE --to-profile NAME", ExitCodes.ConfigError);
                var writer = new ProfileWriter(context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken)));
                var written = await writer.WriteAsync(source, target, cancellationToken).ConfigureAwait(false);
                context.Error.WriteLine($"sesame: wrote the credentials of '{source}' to [{written.Section}] in {writer.CredentialsPath}"
                    + (written.Expiration is { } at ? $" (until {CredentialFormats.Iso(at)}; 'sesame refresh' renews it)" : string.Empty));
                return ExitCodes.Success;
            }

            var formatText = parseResult.GetValue(format)!;
            if (!CredentialFormats.TryParse(formatText, out var chosen))
            {
                throw new SesameException($"unknown format '{formatText}'; use env, fish, powershell, dotenv, json, ini or process", ExitCodes.ConfigError);
            }

            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken));
            var (credentials, region, name) = await runtime.ResolveAsync(parseResult.GetValue(profile), cancellationToken).ConfigureAwait(false);
            context.Out.Write(CredentialFormats.Render(chosen, credentials, region, name));
            return ExitCodes.Success;
        });
        return command;
    }
}
