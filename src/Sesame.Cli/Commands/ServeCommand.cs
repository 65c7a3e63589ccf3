using System.CommandLine;
using System.Net;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame serve &lt;profile&gt; --ecs|--imds [--port N] [--allow-imdsv1]</c>.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile whose credentials are served" };
        var ecs = new Option<bool>("--ecs") { Description = "Serve as a container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN)" };
        var imds = new Option<bool>("--imds") { Description = "Serve as EC2 instance metadata, IMDSv2 (AWS_EC2_METADATA_SERVICE_ENDPOINT)" };
        var port = new Option<int>("--port") { Description = "The port (default: a free one)" };
        var allowV1 = new Option<bool>("--allow-imdsv1") { Description = "With --imds: also answer requests without a session token (IMDSv1; off by default, see docs/servers.md)" };
        var address = new Option<string?>("--address")
        {
            Description = "With --imds: listen on this address: a loopback address, or 169.254.169.254 once an administrator added it to the loopback interface (docs/servers.md)",
            HelpName = "IP",
        };
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "serve",
            """
            Serve a profile's credentials on this computer, the way AWS serves them to containers (--ecs) or
            instances (--imds), until Ctrl-C. SDKs pointed at the server renew credentials by themselves; the
            server renews them ahead of expiry (an MFA code is asked for on this terminal) and answers only
            local clients that present its token (--ecs) or an IMDSv2 session token (--imds). It prints the
            variables that point an SDK at it; the container token is a secret.

            Examples:
              sesame serve prod --ecs
              sesame serve prod --imds --port 8111
            """);
        command.Arguments.Add(profile);
        command.Options.Add(ecs);
        command.Options.Add(imds);
        command.Options.Add(port);
        command.Options.Add(allowV1);
        command.Options.Add(address);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(profile)!;
            var asContainer = parseResult.GetValue(ecs);
            var asInstance = parseResult.GetValue(imds);
            if (asContainer == asInstance)
            {
                throw new SesameException("choose one kind of server: --ecs (container credentials) or --imds (instance metadata)", ExitCodes.ConfigError);
            }

            var listenPort = parseResult.GetValue(port);
            CheckPort(listenPort);
            if (asContainer && (parseResult.GetValue(allowV1) || parseResult.GetValue(address) is not null))
            {
                throw new SesameException("--allow-imdsv1 and --address are for --imds", ExitCodes.ConfigError);
            }

            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken));
            var servers = new CredentialServers(runtime);
            if (servers.DefaultProfileWarning() is { } warning)
            {
                context.Error.WriteLine($"sesame: warning: {warning}");
            }

            IAsyncDisposable server;
            IReadOnlyDictionary<string, string> variables;
            string describe;
            if (asContainer)
            {
                var ecsServer = await servers.StartContainerAsync(name, listenPort, cancellationToken).ConfigureAwait(false);
                (server, variables, describe) = (ecsServer, ecsServer.EnvironmentVariables, $"container credentials for '{name}' at {ecsServer.FullUri}");
            }
            else
            {
                var options = new ImdsServeOptions(listenPort, parseResult.GetValue(allowV1), ParseAddress(parseResult.GetValue(address)));
                var imdsServer = await servers.StartInstanceMetadataAsync(name, options, cancellationToken).ConfigureAwait(false);
                (server, variables, describe) = (imdsServer, imdsServer.EnvironmentVariables, $"instance metadata for '{name}' at {imdsServer.Endpoint}");
            }

            await using (server.ConfigureAwait(false))
            {
                // Standard output: the variables only, so a script can read them; the rest is for the person.
                foreach (var (variable, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    context.Out.WriteLine($"export {variable}={value}");
                }

                context.Out.Flush();
                context.Error.WriteLine($"sesame: serving {describe}; Ctrl-C stops");
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    context.Error.WriteLine("sesame: server stopped");
                }
            }

            return Core.Platform.Interrupts.ExitCode ?? ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Refuses a port outside 0–65535.</summary>
    internal static void CheckPort(int port)
    {
        if (port is < 0 or > 65535)
        {
            throw new SesameException($"--port must be 1 to 65535, not {port}", ExitCodes.ConfigError);
        }
    }

    private static IPAddress? ParseAddress(string? text)
        => text is null ? null
            : IPAddress.TryParse(text.Trim(), out var parsed) ? parsed
            : throw new SesameException($"--address '{text.Trim()}' is not an IP address", ExitCodes.ConfigError);
}
