using System.CommandLine;
using System.CommandLine.Parsing;
using Sesame.Cli.Output;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame exec [&lt;profile&gt;] [--server] [-- CMD ARGS…]</c>.</summary>
internal static class ExecCommand
{
    /// <summary>Variables removed from the child's environment: they would compete with the credentials given to it, or are Sesame's own secrets.</summary>
    private static readonly string[] Removed =
    [
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ACCOUNT_ID",

        // What 'sesame export' marks, so 'sesame use' knows what it may unset.
        "SESAME_EXPORTED",
    ];

    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "The profile whose credentials the command gets (default: AWS_PROFILE)", Arity = ArgumentArity.ZeroOrOne };
        var commandLine = new Argument<string[]>("command") { Description = "The command to run and its arguments, after -- (default: your $SHELL)", Arity = ArgumentArity.ZeroOrMore };
        var allowNested = new Option<bool>("--allow-nested") { Description = "Run even inside another 'sesame exec' (normally refused, to avoid mixing credentials)" };
        var server = new Option<bool>("--server") { Description = "Give the command a local container credentials server instead of keys: SDKs renew by themselves for as long as it runs" };
        var port = new Option<int>("--port") { Description = "With --server: the port on 127.0.0.1 (default: a free one)" };
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "exec",
            """
            Run a command with a profile's credentials in its environment: AWS_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION
            are set, AWS_PROFILE is removed, and SESAME_PROFILE names the profile. The command replaces sesame
            (same process), so its exit code and signals pass straight through.

            Without a profile before --, AWS_PROFILE names it. Without a command, your $SHELL (else /bin/sh)
            starts with the credentials; 'exit' leaves it. With --server the command gets no keys: it gets
            AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN, pointing at a server
            sesame runs on 127.0.0.1 until the command ends, and SDKs renew credentials from it by themselves.

            Examples:
              sesame exec prod -- terraform plan
              sesame exec prod -- aws s3 ls
              AWS_PROFILE=prod sesame exec -- aws s3 ls
              sesame exec prod
              sesame exec prod --server -- code .
            """);
        command.Arguments.Add(profile);
        command.Arguments.Add(commandLine);
        command.Options.Add(server);
        command.Options.Add(port);
        command.Options.Add(allowNested);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (before, after) = Positionals(parseResult, profile, commandLine);
            var target = ExecTarget.Choose(before, after, context.Environment);
            if (context.Environment.GetVariable("SESAME_PROFILE") is { Length: > 0 } outer && !parseResult.GetValue(allowNested))
            {
                throw new SesameException($"already inside 'sesame exec {outer}'; exit that shell first, or pass --allow-nested", ExitCodes.ConfigError);
            }

            var listenPort = parseResult.GetValue(port);
            if (listenPort != 0 && !parseResult.GetValue(server))
            {
                throw new SesameException("--port is for --server", ExitCodes.ConfigError);
            }

            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken));
            if (parseResult.GetValue(server))
            {
                ServeCommand.CheckPort(listenPort);
                return await new CredentialServers(runtime).RunWithContainerServerAsync(target.Profile, target.Command, listenPort, context.Executor, cancellationToken).ConfigureAwait(false);
            }

            var (credentials, region, _) = await runtime.ResolveAsync(target.Profile, cancellationToken).ConfigureAwait(false);
            var environment = new Dictionary<string, string>(context.Environment.GetAll(), StringComparer.Ordinal);
            foreach (var variable in Removed)
            {
                environment.Remove(variable);
            }

            // Sesame's own secrets (the store's passphrase, …) are never the command's.
            foreach (var variable in environment.Keys.Where(Core.Platform.HelperEnvironment.IsSesameSecret).ToList())
            {
                environment.Remove(variable);
            }

            foreach (var (variable, value) in CredentialFormats.Variables(credentials, region))
            {
                environment[variable] = value;
            }

            environment["SESAME_PROFILE"] = target.Profile;
            if (target.IsShell)
            {
                context.Error.WriteLine($"sesame: starting {target.Command[0]} with the credentials of '{target.Profile}'; 'exit' leaves it");
            }

            return context.Executor.Exec(target.Command[0], [.. target.Command.Skip(1)], environment);
        });
        return command;
    }

    /// <summary>
    /// The positional words before and after <c>--</c>: the parser fills the profile argument from the
    /// first word wherever it stands, so the order of the tokens decides (<c>exec -- aws s3 ls</c> has no profile).
    /// </summary>
    private static (IReadOnlyList<string> Before, IReadOnlyList<string>? After) Positionals(ParseResult parseResult, Argument<string?> profile, Argument<string[]> commandLine)
    {
        var tokens = parseResult.Tokens;
        var dashes = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.DoubleDash)
            {
                dashes = i;
                break;
            }
        }

        var words = (parseResult.GetResult(profile)?.Tokens ?? []).Concat(parseResult.GetResult(commandLine)?.Tokens ?? []);
        var before = new List<string>();
        var after = new List<string>();
        foreach (var word in words)
        {
            var index = IndexOf(tokens, word);
            (dashes >= 0 && index > dashes ? after : before).Add(word.Value);
        }

        return (before, dashes >= 0 ? after : null);
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return -1;
    }
}
