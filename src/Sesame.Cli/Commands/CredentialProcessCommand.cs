using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame credential-process &lt;profile&gt;</c>: the helper named by <c>credential_process</c> in an AWS profile.</summary>
internal static class CredentialProcessCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile to get credentials for" };
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "credential-process",
            """
            Print credentials for a profile as credential_process JSON (Version 1), for the AWS CLI and SDKs.
            Answers from cache while the credentials are fresh; prompts for MFA on the terminal (not stdin)
            when needed, so it works inside the AWS CLI.

            Examples:
              # in ~/.aws/config
              [profile prod-via-sesame]
              credential_process = sesame credential-process prod
            """);
        command.Arguments.Add(profile);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var access = EngineAccess.Open(context, parseResult, parseResult.GetValue(mfaToken));
            var (credentials, _, _) = await access.ResolveAsync(parseResult.GetValue(profile)!, cancellationToken).ConfigureAwait(false);
            context.Out.Write(CredentialFormats.ProcessJson(credentials));
            return ExitCodes.Success;
        });
        return command;
    }
}
