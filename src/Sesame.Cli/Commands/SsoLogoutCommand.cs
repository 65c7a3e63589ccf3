using System.CommandLine;
using Sesame.Core.Config.Chain;
using Sesame.Core.Errors;
using Sesame.Core.Sso;

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
            var access = EngineAccess.Open(context, parseResult);
            var named = SsoCommand.ProfileOf(parseResult, profileOption, profileArgument);
            var only = parseResult.GetValue(session) is not null || named is not null
                ? SsoCommand.ResolveSession(access.Profiles, access.Locator, parseResult.GetValue(session), named)
                : null;
            var logout = new SsoLogout(access.Sso.Cache, region => access.Sso.Portal(region), access.Locator, context.Time, access.Services.Log);

            // Sesame's own cache: every link of every profile whose chain is based on the session(s).
            var roles = new List<SsoRoleRef>();
            var sessions = 0;
            foreach (var name in access.Profiles.ProfileNames)
            {
                Core.Engine.BuiltChain chain;
                try
                {
                    chain = access.Engine.ForProfile(name);
                }
                catch (SesameException)
                {
                    continue;
                }

                if (chain.Plan.Base is not SsoSource sso || (only is not null && !Matches(only, sso)))
                {
                    continue;
                }

                if (sso is { AccountId: { } account, RoleName: { } role })
                {
                    roles.Add(new SsoRoleRef(account.Trim(), role.Trim()));
                }

                sessions += chain.Links.Count(l => l.CacheKey is not null && access.Services.Cache.Remove(l.CacheKey));
            }

            var result = only is null
                ? await logout.LogoutAllAsync(cancellationToken).ConfigureAwait(false)
                : await logout.LogoutAsync(only, roles, cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine(
                $"Logged out: {Count(result.Tokens, "IAM Identity Center token")} removed ({result.PortalLogouts} ended at the portal), "
                + $"{Count(result.CliCacheEntries, "AWS CLI cache entry", "AWS CLI cache entries")} and {Count(sessions, "Sesame cached session")} removed.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool Matches(SsoSessionConfig session, SsoSource source)
        => session.SessionName is { } name ? source.SessionName == name : source.SessionName is null && source.StartUrl?.Trim() == session.StartUrl;

    private static string Count(int count, string singular, string? plural = null)
        => $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
