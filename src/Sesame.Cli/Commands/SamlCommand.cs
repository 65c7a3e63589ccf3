using System.CommandLine;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Runtime;
using Sesame.Core.Saml.Secrets;
using Sesame.Core.Settings;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame saml login|logout</c>: SAML sign-in at AD FS or any IdP (docs/saml.md).</summary>
internal static class SamlCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "saml",
            """
            SAML sign-in (AD FS, or any identity provider in your browser): sign in now, or forget what Sesame
            remembers. Set a profile up with 'sesame configure saml'.

            Examples:
              sesame saml login corp
              sesame saml logout --all
            """);
        command.Subcommands.Add(CreateLogin(context));
        command.Subcommands.Add(CreateLogout(context));
        return command;
    }

    private static Command CreateLogin(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "A SAML profile (or a profile chained from one)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the IdP password from the first line of standard input" };
        var mfaToken = new Option<string?>("--mfa-token") { Description = "A one-time code for the IdP's MFA adapter" };
        var roleArn = new Option<string?>("--role-arn") { Description = "The role to assume, for a profile that names none" };
        var storePassword = new Option<bool>("--store-password") { Description = "Keep the password in the secret store, so later sign-ins need no one (off by default)" };
        var force = new Option<bool>("--force") { Description = "Sign in again even when the IdP session is remembered" };
        var command = new Command(
            "login",
            """
            Sign in at the profile's identity provider, pick the role, exchange the assertion with AssumeRoleWithSAML,
            and cache the session in the secret store (every program using the profile shares it). The IdP session is
            remembered (encrypted), so other roles of the same IdP need no password and no MFA until it ends. The
            password is asked on the terminal without echo unless --password-stdin or sesame_saml_password_process
            gives it; it is stored only with --store-password.

            Examples:
              sesame saml login corp
              pass show adfs | sesame saml login corp --password-stdin --mfa-token 123456
            """);
        command.Arguments.Add(profile);
        command.Options.Add(passwordStdin);
        command.Options.Add(mfaToken);
        command.Options.Add(roleArn);
        command.Options.Add(storePassword);
        command.Options.Add(force);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var ui = SsoCommand.Ui(context);
            var request = new SamlLoginRequest(
                parseResult.GetValue(passwordStdin) ? context.In : null,
                parseResult.GetValue(mfaToken),
                parseResult.GetValue(roleArn),
                parseResult.GetValue(storePassword),
                parseResult.GetValue(force),
                new UiSamlPresenter(ui),
                ui.IsInteractive ? (roles, _) => Task.FromResult(ui.Choose($"Role ({roles.Count} offered)", roles, r => TerminalText.Sanitize(r.RoleArn)!)) : null);
            var result = await new SamlWorkflows(runtime).LoginAsync(parseResult.GetValue(profile)!, request, cancellationToken).ConfigureAwait(false);
            var outcome = result.Outcome;
            var how = outcome.SignIn.ReusedSession ? "the remembered session" : outcome.SignIn.AskedMfa ? "password and MFA" : "password";
            context.Out.WriteLine($"Signed in with SAML for profile '{result.Profile}' ({how}); {outcome.Credentials.Role.RoleArn}.");
            context.Out.WriteLine(result.Cached
                ? $"The session is cached until {UtcTimestamp.Format(result.Expiration, ' ')} ({SettingParsers.FormatDuration(TimeSpan.FromSeconds(outcome.Credentials.DurationSeconds))})."
                : $"The session is valid until {UtcTimestamp.Format(result.Expiration, ' ')}, but could not be cached.");
            if (parseResult.GetValue(storePassword))
            {
                context.Out.WriteLine(result.PasswordStored
                    ? "The password is kept in the secret store ('sesame saml logout' removes it)."
                    : "No password was asked (the remembered session was used), so none was stored.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateLogout(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "Forget only this profile's IdP and user", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Forget every IdP session, stored IdP password and SAML session" };
        var command = new Command(
            "logout",
            """
            Forget what Sesame remembers for a SAML sign-in: the IdP session (its cookies), a stored password, and
            the cached AWS sessions of every profile that signs in at that IdP as that user (and of the profiles
            chained from them). The next use signs in again.

            Examples:
              sesame saml logout corp
              sesame saml logout --all
            """);
        command.Arguments.Add(profile);
        command.Options.Add(all);
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(profile);
            if ((name is null) == !parseResult.GetValue(all))
            {
                throw new SesameException("name a profile, or pass --all", ExitCodes.ConfigError);
            }

            var result = new SamlWorkflows(context.Runtime(parseResult.GetValue(GlobalOptions.Debug))).Logout(name);
            context.Out.WriteLine($"Forgot {Count(result.IdpSessions, "IdP session")}, {Count(result.Passwords, "stored password")} and {Count(result.CachedSessions, "cached session")}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Count(int count, string singular) => $"{count} {(count == 1 ? singular : singular + "s")}";
}

/// <summary>Push instructions as plain lines on the interactive console (standard error).</summary>
internal sealed class UiSamlPresenter(IInteractiveUi ui) : ISamlSignInPresenter
{
    public void Show(string message) => ui.Line(TerminalText.Sanitize(message)!);
}
