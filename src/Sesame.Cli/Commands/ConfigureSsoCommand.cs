using System.CommandLine;
using Sesame.Cli.Interactive;
using Sesame.Cli.Output;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
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
            """);
        command.Subcommands.Add(Create(context));
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
            var name = parseResult.GetValue(profile)!;
            if (!Identifiers.IsValid(name))
            {
                throw new SesameException($"'{name}' is not a valid profile name (letters, digits and _-/.%@:+ only)", ExitCodes.ConfigError);
            }

            var ui = SsoCommand.Ui(context);
            var access = EngineAccess.Open(context, parseResult);
            var session = AskSession(ui, access.Profiles, name);
            await SaveAsync(context, access, document => WriteSession(document, session), cancellationToken).ConfigureAwait(false);

            var token = await TokenAsync(ui, access, session, new SsoLoginOptions(parseResult.GetValue(deviceCode), parseResult.GetValue(noBrowser)), cancellationToken).ConfigureAwait(false);
            var portal = access.Sso.Portal(session.Region);
            var accounts = await ui.StatusAsync("Listing your accounts", ct => AllAsync((next, c) => portal.ListAccountsAsync(token, next, 100, c), ct), cancellationToken).ConfigureAwait(false);
            if (accounts.Count == 0)
            {
                throw new CredentialsException($"the IAM Identity Center user of {session.Description} has no accounts assigned");
            }

            var existing = access.Profiles.GetProfile(name);
            var account = Pick(ui, "Account", accounts.OrderBy(a => a.AccountName, StringComparer.OrdinalIgnoreCase).ToList(), a => $"{a.AccountName} ({a.AccountId}){(a.EmailAddress is { } e ? ", " + e : string.Empty)}");
            var roles = await ui.StatusAsync("Listing your roles", ct => AllAsync((next, c) => portal.ListAccountRolesAsync(token, account.AccountId, next, 100, c), ct), cancellationToken).ConfigureAwait(false);
            if (roles.Count == 0)
            {
                throw new CredentialsException($"no role is assigned to you in account {account.AccountId}");
            }

            var role = Pick(ui, "Role", roles.OrderBy(r => r.RoleName, StringComparer.Ordinal).ToList(), r => r.RoleName);
            var region = ui.Ask("Default region for the profile", existing?.GetString(Keys.Region) ?? session.Region);
            await SaveAsync(context, access, document =>
            {
                document.SetValue(SectionKind.Profile, name, Keys.SsoSession, session.SessionName!);
                document.SetValue(SectionKind.Profile, name, Keys.SsoAccountId, account.AccountId);
                document.SetValue(SectionKind.Profile, name, Keys.SsoRoleName, role.RoleName);
                if (region.Length > 0)
                {
                    document.SetValue(SectionKind.Profile, name, Keys.Region, region);
                }

                // Settings in the sso-session now; a profile copy could only disagree with it later.
                document.RemoveValue(SectionKind.Profile, name, Keys.SsoStartUrl);
                document.RemoveValue(SectionKind.Profile, name, Keys.SsoRegion);
            }, cancellationToken).ConfigureAwait(false);

            var shown = PathDisplay.Shorten(access.Locator.ConfigFilePath, access.Locator.HomeDirectory);
            context.Out.WriteLine($"Profile '{name}' ({role.RoleName} in {account.AccountName}, {account.AccountId}) written to {shown}.");
            context.Out.WriteLine($"Try it: sesame exec {name} -- aws sts get-caller-identity");
            return ExitCodes.Success;
        });
        return command;
    }

    private static SsoSessionConfig AskSession(IConsoleUi ui, ProfileSet profiles, string profile)
    {
        var sessions = profiles.SsoSessions.Select(s => s.Name).ToList();
        var suggested = profiles.GetProfile(profile)?.GetString(Keys.SsoSession) ?? (sessions.Count == 1 ? sessions[0] : "my-sso");
        var name = ui.Ask("SSO session name", suggested);
        if (!Identifiers.IsValid(name))
        {
            throw new SesameException($"'{name}' is not a valid sso-session name (letters, digits and _-/.%@:+ only)", ExitCodes.ConfigError);
        }

        var existing = profiles.GetSsoSession(name);
        var startUrl = ui.Ask("SSO start URL", existing?.GetString(Keys.SsoStartUrl));
        var region = ui.Ask("SSO region", existing?.GetString(Keys.SsoRegion) ?? "us-east-1");
        var scopes = ui.Ask("SSO registration scopes", existing?.GetString(Keys.SsoRegistrationScopes) ?? SsoSessionConfig.DefaultScope);
        if (startUrl.Length == 0 || region.Length == 0)
        {
            throw new SesameException("a start URL and a region are needed", ExitCodes.ConfigError);
        }

        return new SsoSessionConfig(name, startUrl, region, SsoSessionConfig.ParseScopes(scopes), null);
    }

    private static void WriteSession(ConfigDocument document, SsoSessionConfig session)
    {
        Set(document, SectionKind.SsoSession, session.SessionName!, Keys.SsoStartUrl, session.StartUrl);
        Set(document, SectionKind.SsoSession, session.SessionName!, Keys.SsoRegion, session.Region);
        Set(document, SectionKind.SsoSession, session.SessionName!, Keys.SsoRegistrationScopes, string.Join(", ", session.RegistrationScopes));
    }

    // Only what differs is written, so a re-run with the same answers leaves the file as it was.
    private static void Set(ConfigDocument document, SectionKind kind, string section, string key, string value)
    {
        if (document.GetValue(kind, section, key)?.Trim() != value)
        {
            document.SetValue(kind, section, key, value);
        }
    }

    private static async Task SaveAsync(CliContext context, EngineAccess access, Action<ConfigDocument> edit, CancellationToken cancellationToken)
    {
        using (await access.Services.Locks.AcquireAsync("config-edit", TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
        {
            var path = access.Locator.ConfigFilePath;
            var document = ConfigDocument.Load(context.FileSystem, path, ConfigFileKind.Config);
            var before = document.ToBytes();
            edit(document);
            if (!before.AsSpan().SequenceEqual(document.ToBytes()))
            {
                document.Save(context.FileSystem, path);
            }
        }
    }

    private static async Task<string> TokenAsync(IConsoleUi ui, EngineAccess access, SsoSessionConfig session, SsoLoginOptions options, CancellationToken cancellationToken)
    {
        try
        {
            // A valid (or renewable) token is used as it is; the wizard signs in only when it must.
            return (await access.Sso.TokenSource(allowLogin: false).GetTokenAsync(session.ToRequest(), cancellationToken).ConfigureAwait(false)).AccessToken;
        }
        catch (SsoLoginRequiredException)
        {
            return (await access.Sso.Login(new ConsoleLoginPresenter(ui)).LoginAsync(session, options, cancellationToken).ConfigureAwait(false)).AccessToken;
        }
    }

    private static T Pick<T>(IConsoleUi ui, string what, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull
    {
        if (items.Count == 1)
        {
            ui.Line($"{what}: {label(items[0])} (the only one available)");
            return items[0];
        }

        var chosen = ui.Choose($"{what} ({items.Count} available)", items, label);
        ui.Line($"{what}: {label(chosen)}");
        return chosen;
    }

    private static async Task<IReadOnlyList<T>> AllAsync<T>(Func<string?, CancellationToken, Task<SsoPage<T>>> page, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = null;
        do
        {
            var result = await page(next, cancellationToken).ConfigureAwait(false);
            items.AddRange(result.Items);
            next = result.NextToken;
        }
        while (next is not null);

        return items;
    }
}
