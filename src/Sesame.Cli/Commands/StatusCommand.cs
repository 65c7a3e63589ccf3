using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Engine;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame status [&lt;profile&gt;] [--json]</c>: for shell prompts and direnv; never prompts, unlocks or calls AWS.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "The profile (default: AWS_PROFILE, else default)", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json("Print {profile, state, expires, remaining_seconds, detail} as JSON");
        var command = new Command(
            "status",
            """
            Tell whether a profile's credentials are ready, without prompting, unlocking the store or calling AWS.
            Exit codes: 0 valid (or nothing to cache), 10 expiring (renewed on next use), 11 not cached (renewed
            on next use without asking), 12 the next use asks for MFA, 13 an IAM Identity Center login is needed,
            14 cached but the store holding them is locked (run 'sesame unlock'), 17 a SAML sign-in by a person is
            needed (run 'sesame saml login').

            Examples:
              sesame status prod && echo ready
              PS1='$(sesame status >/dev/null 2>&1 || echo "[aws?] ")'"$PS1"
            """);
        command.Arguments.Add(profile);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(context, parseResult.GetValue(profile), parseResult.GetValue(json), parseResult.GetValue(GlobalOptions.Debug)));
        return command;
    }

    /// <summary>The command's work, callable without the parser (see <see cref="FastPath"/>).</summary>
    public static int Run(CliContext context, string? profile, bool json, bool debug)
    {
        var runtime = context.Runtime(debug);
        var name = profile ?? runtime.Locator.SelectedProfile;
        var status = runtime.Status(name);
        if (json)
        {
            WriteJson(context, name, status, context.Time.GetUtcNow());
        }
        else
        {
            context.Out.WriteLine($"{name}: {Kebab(status.State)}: {status.Detail}");
        }

        return status.ExitCode;
    }

    // Its own method, so System.Text.Json is loaded only when --json is asked for.
    private static void WriteJson(CliContext context, string name, ChainStatus status, DateTimeOffset now)
        => JsonOutput.Write(context.Out, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("profile", name);
            writer.WriteString("state", Kebab(status.State));
            writer.WriteNullable("expires", status.Expiration is { } e ? CredentialFormats.Iso(e) : null);
            if (status.Expiration is { } at)
            {
                writer.WriteNumber("remaining_seconds", Math.Max(0, (long)(at - now).TotalSeconds));
            }
            else
            {
                writer.WriteNull("remaining_seconds");
            }

            writer.WriteString("detail", status.Detail);
            writer.WriteEndObject();
        });

    // Every name spelled out: Enum.ToString reflects, which a shell prompt would pay on every call.
    private static string Kebab(ChainState state) => state switch
    {
        ChainState.NoSession => "no-session",
        ChainState.Valid => "valid",
        ChainState.Expiring => "expiring",
        ChainState.Renewable => "renewable",
        ChainState.NeedsMfa => "needs-mfa",
        ChainState.NeedsSsoLogin => "needs-sso-login",
        ChainState.StoreLocked => "store-locked",
        ChainState.NeedsSamlLogin => "needs-saml-login",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
