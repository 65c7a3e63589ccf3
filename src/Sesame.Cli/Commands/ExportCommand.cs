using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;

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
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "export",
            """
            Print credentials for a profile in a format a shell or program reads. Without a profile, the AWS
            default chain decides, exactly as the AWS CLI would (environment, AWS_PROFILE, default, container,
            instance metadata).

            Examples:
              eval "$(sesame export prod)"
              sesame export prod --format fish | source
              sesame export prod --format dotenv > .env
            """);
        command.Arguments.Add(profile);
        command.Options.Add(format);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
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
