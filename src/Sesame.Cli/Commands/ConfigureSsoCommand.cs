using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;
using Sesame.Core.Sso;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame configure sso &lt;profile&gt;</c>: the interactive wizard, like <c>aws configure sso</c>.</summary>
internal static class ConfigureSsoCommand
{
    /// <summary><c>sesame configure</c>, the parent of the wizards.</summary>
    public static Command CreateParent(CliContext context)
    {
        var command = new Command(
            "configure",
            """
            Create profiles interactively, keeping every comment and line of the AWS config file.

            Examples:
              sesame configure sso dev
              sesame configure saml corp
            """);
        command.Subcommands.Add(Create(context));
        command.Subcommands.Add(ConfigureSamlCommand.Create(context));
        return command;
    }

    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile to create or update" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open a browser when signing in; print the URL instead" };
        var deviceCode = new Option<bool>("--use-device-code") { Description = "Sign in with the device-code flow" };
        var command = new Command(
            "sso",
            """
            Ask for the start URL, region and session name, sign in, let you pick an account and a role, and write
            an [sso-session] section and the profile (sso_session, sso_account_id, sso_role_name, region), as
            'aws configure sso' does. Existing values are offered as defaults.

            Examples:
              sesame configure sso dev
            """);
        command.Arguments.Add(profile);
        command.Options.Add(noBrowser);
        command.Options.Add(deviceCode);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ui = SsoCommand.Ui(context);
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var options = new SsoLoginOptions(parseResult.GetValue(deviceCode), parseResult.GetValue(noBrowser));
            var done = await new SsoConfigurator(runtime, ui, new ConsoleLoginPresenter(ui)).RunAsync(parseResult.GetValue(profile)!, options, cancellationToken).ConfigureAwait(false);
            var shown = PathDisplay.Shorten(done.ConfigPath, runtime.Locator.HomeDirectory);
            context.Out.WriteLine($"Profile '{done.Profile}' ({done.RoleName} in {done.Account.AccountName}, {done.Account.AccountId}) written to {shown}.");
            context.Out.WriteLine($"Try it: sesame exec {done.Profile} -- aws sts get-caller-identity");
            return ExitCodes.Success;
        });
        return command;
    }
}
