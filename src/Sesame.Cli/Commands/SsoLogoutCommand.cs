using System.CommandLine;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame sso logout [--sso-session S | --profile P | P]</c>.</summary>
internal static class SsoLogoutCommand
{
    public static Command Create(CliContext context)
    {
        var profileArgument = new Argument<string?>("profile") { Description = "Log out only of this profile's session", Arity = ArgumentArity.ZeroOrOne };
        var profileOption = new Option<string?>("--profile") { Description = "The same, as an option" };
        var session = new Option<string?>("--sso-session") { Description = "Log out only of this [sso-session]" };
        var command = new Command(
            "logout",
            """
            End IAM Identity Center sessions, as 'aws sso logout' does: the portal's Logout for each cached token,
            then the token files (~/.aws/sso/cache), the AWS CLI's cached SSO role credentials (~/.aws/cli/cache)
            and Sesame's cached credentials of every profile whose chain starts at that session. Without a
            session or profile: every session. Client registrations are kept.

            Examples:
              sesame sso logout
              sesame sso logout --sso-session corp
            """);
        command.Arguments.Add(profileArgument);
        command.Options.Add(profileOption);
        command.Options.Add(session);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var workflows = new SsoWorkflows(context.Runtime(parseResult.GetValue(GlobalOptions.Debug)));
            var named = SsoCommand.ProfileOf(parseResult, profileOption, profileArgument);
            var only = parseResult.GetValue(session) is not null || named is not null
                ? workflows.Resolve(parseResult.GetValue(session), named)
                : null;
            var (result, sessions) = await workflows.LogoutAsync(only, cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine(
                $"Logged out: {Count(result.Tokens, "IAM Identity Center token")} removed ({result.PortalLogouts} ended at the portal), "
                + $"{Count(result.CliCacheEntries, "AWS CLI cache entry", "AWS CLI cache entries")} and {Count(sessions, "Sesame cached session")} removed.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Count(int count, string singular, string? plural = null)
        => $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
