using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Aws;
using Sesame.Core.Errors;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame whoami [&lt;profile&gt;] [--json]</c>: STS GetCallerIdentity.</summary>
internal static class WhoamiCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "The profile (default: the AWS default chain)", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json("Print {Profile, Account, Arn, UserId} as JSON");
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "whoami",
            """
            Show who AWS thinks you are with a profile's credentials (sts:GetCallerIdentity).

            Examples:
              sesame whoami prod
              sesame whoami --json | jq -r .Account
            """);
        command.Arguments.Add(profile);
        command.Options.Add(json);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken));
            var name = parseResult.GetValue(profile);
            var (credentials, _, shown) = await runtime.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            var identity = await runtime.EngineServices.Sts().Create(runtime.AwsSettings(name).EndpointFor(AwsService.Sts)).GetCallerIdentityAsync(credentials, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Out, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("Profile", shown);
                    writer.WriteString("Account", identity.Account);
                    writer.WriteString("Arn", identity.Arn);
                    writer.WriteString("UserId", identity.UserId);
                    writer.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine(identity.Arn);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
