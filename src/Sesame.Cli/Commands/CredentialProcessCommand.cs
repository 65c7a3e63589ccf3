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
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetValue(profile)!,
            parseResult.GetValue(mfaToken),
            parseResult.GetValue(GlobalOptions.Debug),
            cancellationToken));
        return command;
    }

    /// <summary>
    /// The fast path's entry: one plan; a cache hit is answered synchronously (no providers, no async
    /// machinery), anything else goes through the provider chain built from the same layout.
    /// </summary>
    public static int Run(CliContext context, string profile, string? mfaToken = null, bool debug = false)
    {
        var runtime = context.Runtime(debug, mfaToken);
        var layout = runtime.Engine.Layout(profile);
        var credentials = runtime.Engine.TryGetCached(layout, out var cached)
            ? cached
            : runtime.FetchAsync(layout, Core.Platform.Interrupts.Token).GetAwaiter().GetResult();
        context.Out.Write(CredentialFormats.ProcessJson(credentials));
        return ExitCodes.Success;
    }

    /// <summary>The command's work, from the parser.</summary>
    public static async Task<int> RunAsync(CliContext context, string profile, string? mfaToken, bool debug, CancellationToken cancellationToken)
    {
        var credentials = await context.Runtime(debug, mfaToken).Engine.ResolveAsync(profile, cancellationToken).ConfigureAwait(false);
        context.Out.Write(CredentialFormats.ProcessJson(credentials));
        return ExitCodes.Success;
    }
}
