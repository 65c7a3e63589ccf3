using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame exec &lt;profile&gt; -- CMD ARGS…</c>.</summary>
internal static class ExecCommand
{
    /// <summary>Variables removed from the child's environment: they would compete with the credentials given to it, or are Sesame's own secrets.</summary>
    private static readonly string[] Removed =
    [
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ACCOUNT_ID",

        // The store's passphrase is Sesame's, not the command's.
        "SESAME_FILE_PASSPHRASE",
    ];

    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile whose credentials the command gets" };
        var commandLine = new Argument<string[]>("command") { Description = "The command to run and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var allowNested = new Option<bool>("--allow-nested") { Description = "Run even inside another 'sesame exec' (normally refused, to avoid mixing credentials)" };
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "exec",
            """
            Run a command with a profile's credentials in its environment: AWS_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION
            are set, AWS_PROFILE is removed, and SESAME_PROFILE names the profile. The command replaces sesame
            (same process), so its exit code and signals pass straight through.

            Examples:
              sesame exec prod -- terraform plan
              sesame exec prod -- aws s3 ls
            """);
        command.Arguments.Add(profile);
        command.Arguments.Add(commandLine);
        command.Options.Add(allowNested);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(profile)!;
            if (context.Environment.GetVariable("SESAME_PROFILE") is { Length: > 0 } outer && !parseResult.GetValue(allowNested))
            {
                throw new SesameException($"already inside 'sesame exec {outer}'; exit that shell first, or pass --allow-nested", ExitCodes.ConfigError);
            }

            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken));
            var (credentials, region, _) = await runtime.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            var environment = new Dictionary<string, string>(context.Environment.GetAll(), StringComparer.Ordinal);
            foreach (var variable in Removed)
            {
                environment.Remove(variable);
            }

            foreach (var (variable, value) in CredentialFormats.Variables(credentials, region))
            {
                environment[variable] = value;
            }

            environment["SESAME_PROFILE"] = name;
            var argv = parseResult.GetValue(commandLine)!;
            return context.Executor.Exec(argv[0], argv[1..], environment);
        });
        return command;
    }
}
