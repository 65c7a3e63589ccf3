using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;
using Sesame.Core.Sso;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame sso login [--sso-session S | --profile P | P] [--no-browser] [--use-device-code]</c>.</summary>
internal static class SsoLoginCommand
{
    public static Command Create(CliContext context)
    {
        var profileArgument = new Argument<string?>("profile") { Description = "A profile whose IAM Identity Center session to sign in to", Arity = ArgumentArity.ZeroOrOne };
        var profileOption = new Option<string?>("--profile") { Description = "The same, as an option (the form error messages suggest)" };
        var sessionOption = new Option<string?>("--sso-session") { Description = "The [sso-session NAME] to sign in to" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open a browser; print the URL (and code) instead" };
        var deviceCode = new Option<bool>("--use-device-code") { Description = "Use the device-code flow (approve on any device) instead of the browser redirect" };
        var command = new Command(
            "login",
            """
            Sign in to IAM Identity Center and cache the token where the AWS CLI keeps it (~/.aws/sso/cache), so
            both tools use it. The client is registered with scopes, so the token is renewed without a browser
            until the registration expires (90 days). Default flow: authorization code with PKCE (a browser on
            this computer); --use-device-code for signing in on another device. With no browser to open and no
            terminal (a script, CI), the device code is used: its URL and code go to standard error, and the wait
            ends when the code expires.

            Examples:
              sesame sso login --sso-session corp
              sesame sso login prod --use-device-code --no-browser
            """);
        command.Arguments.Add(profileArgument);
        command.Options.Add(profileOption);
        command.Options.Add(sessionOption);
        command.Options.Add(noBrowser);
        command.Options.Add(deviceCode);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var workflows = new SsoWorkflows(runtime);
            var session = workflows.Resolve(parseResult.GetValue(sessionOption), SsoCommand.ProfileOf(parseResult, profileOption, profileArgument));
            var ui = SsoCommand.Ui(context);
            var options = SsoFlowChoice.Choose(new SsoLoginOptions(parseResult.GetValue(deviceCode), parseResult.GetValue(noBrowser)), runtime.Sso.Browser.CanOpen, ui.IsInteractive, out var note);
            if (note is not null)
            {
                ui.Line(note);
            }

            var (token, cachePath) = await workflows.LoginAsync(session, options, new ConsoleLoginPresenter(ui), cancellationToken).ConfigureAwait(false);
            var path = PathDisplay.Shorten(cachePath, runtime.Locator.HomeDirectory);
            context.Out.WriteLine($"Signed in to IAM Identity Center {session.Description}; the token is valid until {SsoTokenFile.FormatTime(token.ExpiresAt)} ({path}).");
            context.Out.WriteLine(token.RefreshToken is null
                ? "No refresh token was issued: sign in again when it expires."
                : $"It is renewed without a browser until the client registration expires ({(token.RegistrationExpiresAt is { } at ? SsoTokenFile.FormatTime(at) : "unknown")}).");
            return ExitCodes.Success;
        });
        return command;
    }
}
