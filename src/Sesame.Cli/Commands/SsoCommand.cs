using System.CommandLine;
using Sesame.Cli.Interactive;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Sso;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame sso login|logout|populate</c>: IAM Identity Center.</summary>
internal static class SsoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "sso",
            """
            IAM Identity Center (AWS SSO): sign in, sign out, and write a profile for every account and role.

            Examples:
              sesame sso login --sso-session corp
              sesame sso populate --sso-session corp --dry-run
              sesame sso logout
            """);
        command.Subcommands.Add(SsoLoginCommand.Create(context));
        command.Subcommands.Add(SsoLogoutCommand.Create(context));
        command.Subcommands.Add(SsoPopulateCommand.Create(context));
        return command;
    }

    /// <summary>The console of an interactive command.</summary>
    public static IInteractiveUi Ui(CliContext context) => context.ConsoleUi?.Invoke() ?? new TerminalConsoleUi();

    /// <summary>The profile named by <c>--profile</c> or the argument (they must agree).</summary>
    public static string? ProfileOf(ParseResult parseResult, Option<string?> option, Argument<string?> argument)
    {
        var fromOption = parseResult.GetValue(option);
        var fromArgument = parseResult.GetValue(argument);
        return fromOption is not null && fromArgument is not null && fromOption != fromArgument
            ? throw new SesameException($"two profiles named: '{fromArgument}' and --profile {fromOption}", ExitCodes.ConfigError)
            : fromOption ?? fromArgument;
    }
}

/// <summary>Shows the login through the interactive console: URL and code, a QR code for the device flow, a spinner.</summary>
internal sealed class ConsoleLoginPresenter(IInteractiveUi ui) : ISsoLoginPresenter
{
    public void ShowSignInUrl(SsoSession session, string url, bool browserOpened)
    {
        ui.Line(browserOpened
            ? $"Signing in to IAM Identity Center {session.Description}: a browser window is open. If it did not appear, open this URL on this computer:"
            : $"Signing in to IAM Identity Center {session.Description}: open this URL in a browser on this computer:");
        ui.Line(string.Empty);
        ui.Line("  " + url);
        ui.Line(string.Empty);
    }

    public void ShowDeviceCode(SsoSession session, Core.Aws.OidcDeviceAuthorization authorization, bool browserOpened)
    {
        ui.Line($"Signing in to IAM Identity Center {session.Description}{(browserOpened ? " (a browser window is open)" : string.Empty)}. On any device, open");
        ui.Line(string.Empty);
        ui.Line("  " + authorization.VerificationUri);
        ui.Line(string.Empty);
        ui.Line($"and confirm the code {authorization.UserCode}. Or scan this code, or open {authorization.VerificationUriComplete}");
        ui.QrCode(authorization.VerificationUriComplete);
        ui.Line($"The code is valid for {SsoLogin.DeviceCodeLifetime(authorization)}; Sesame waits until it is approved or expires.");
    }

    public Task<T> WaitAsync<T>(string message, Func<CancellationToken, Task<T>> wait, CancellationToken cancellationToken)
        => ui.StatusAsync(message, wait, cancellationToken);
}
