using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Sso;

namespace Sesame.Core.Runtime;

/// <summary>
/// <c>configure sso</c>, as <c>aws configure sso</c> does it: ask for the session (name, start URL,
/// region, scopes; existing values offered as defaults), write the <c>[sso-session]</c> section, sign
/// in only when no usable token exists, let the user pick an account and a role, and write the profile
/// (<c>sso_session</c>, <c>sso_account_id</c>, <c>sso_role_name</c>, <c>region</c>) — every write
/// through the config editor, and only what differs, so a re-run with the same answers changes nothing.
/// </summary>
public sealed class SsoConfigurator
{
    private readonly SesameRuntime _runtime;
    private readonly IInteractiveUi _ui;
    private readonly ISsoLoginPresenter _presenter;

    /// <summary>Creates the wizard.</summary>
    public SsoConfigurator(SesameRuntime runtime, IInteractiveUi ui, ISsoLoginPresenter presenter)
    {
        _runtime = runtime;
        _ui = ui;
        _presenter = presenter;
    }

    /// <summary>Runs the wizard for a profile.</summary>
    public async Task<SsoConfigured> RunAsync(string name, SsoLoginOptions options, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(name))
        {
            throw new SesameException($"'{name}' is not a valid profile name (letters, digits and _-/.%@:+ only)", ExitCodes.ConfigError);
        }

        var profiles = _runtime.Profiles;
        var session = AskSession(profiles, name);
        await _runtime.ConfigEditor.EditAsync(ConfigFileKind.Config, document => WriteSession(document, session), cancellationToken: cancellationToken).ConfigureAwait(false);

        var token = await new SsoWorkflows(_runtime).TokenAsync(session, options, _presenter, cancellationToken).ConfigureAwait(false);
        var portal = _runtime.Sso.Portal(session);
        var accounts = await _ui.StatusAsync("Listing your accounts", ct => AllAsync((next, c) => portal.ListAccountsAsync(token, next, 100, c), ct), cancellationToken).ConfigureAwait(false);
        if (accounts.Count == 0)
        {
            throw new CredentialsException($"the IAM Identity Center user of {session.Description} has no accounts assigned");
        }

        var existing = profiles.GetProfile(name);
        var account = Pick("Account", [.. accounts.OrderBy(a => a.AccountName, StringComparer.OrdinalIgnoreCase)], a => $"{a.AccountName} ({a.AccountId}){(a.EmailAddress is { } e ? ", " + e : string.Empty)}");
        var roles = await _ui.StatusAsync("Listing your roles", ct => AllAsync((next, c) => portal.ListAccountRolesAsync(token, account.AccountId, next, 100, c), ct), cancellationToken).ConfigureAwait(false);
        if (roles.Count == 0)
        {
            throw new CredentialsException($"no role is assigned to you in account {account.AccountId}");
        }

        var role = Pick("Role", [.. roles.OrderBy(r => r.RoleName, StringComparer.Ordinal)], r => r.RoleName);
        var region = _ui.Ask("Default region for the profile", existing?.GetString(Keys.Region) ?? session.Region);
        var edit = await _runtime.ConfigEditor.EditAsync(
            ConfigFileKind.Config,
            document =>
            {
                Set(document, SectionKind.Profile, name, Keys.SsoSession, session.SessionName!);
                Set(document, SectionKind.Profile, name, Keys.SsoAccountId, account.AccountId);
                Set(document, SectionKind.Profile, name, Keys.SsoRoleName, role.RoleName);
                if (region.Length > 0)
                {
                    Set(document, SectionKind.Profile, name, Keys.Region, region);
                }

                // Settings in the sso-session now; a profile copy could only disagree with it later.
                document.RemoveValue(SectionKind.Profile, name, Keys.SsoStartUrl);
                document.RemoveValue(SectionKind.Profile, name, Keys.SsoRegion);
                return true;
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SsoConfigured(name, account, role.RoleName, edit.Path);
    }

    private SsoSession AskSession(ProfileSet profiles, string profile)
    {
        var sessions = profiles.SsoSessions.Select(s => s.Name).ToList();
        var suggested = profiles.GetProfile(profile)?.GetString(Keys.SsoSession) ?? (sessions.Count == 1 ? sessions[0] : "my-sso");
        var name = _ui.Ask("SSO session name", suggested);
        if (!Identifiers.IsValid(name))
        {
            throw new SesameException($"'{name}' is not a valid sso-session name (letters, digits and _-/.%@:+ only)", ExitCodes.ConfigError);
        }

        var existing = profiles.GetSsoSession(name);
        var startUrl = _ui.Ask("SSO start URL", existing?.GetString(Keys.SsoStartUrl));
        var region = _ui.Ask("SSO region", existing?.GetString(Keys.SsoRegion) ?? "us-east-1");
        var scopes = _ui.Ask("SSO registration scopes", existing?.GetString(Keys.SsoRegistrationScopes) ?? SsoSession.DefaultScope);
        if (startUrl.Length == 0 || region.Length == 0)
        {
            throw new SesameException("a start URL and a region are needed", ExitCodes.ConfigError);
        }

        var at = existing?.Headers.FirstOrDefault() ?? new SourceLocation(_runtime.Locator.ConfigFilePath, 0);
        return new SsoSession(name, startUrl, region, SsoSession.ParseScopes(scopes), null, at) { Profile = profile };
    }

    private static bool WriteSession(ConfigDocument document, SsoSession session)
    {
        Set(document, SectionKind.SsoSession, session.SessionName!, Keys.SsoStartUrl, session.StartUrl);
        Set(document, SectionKind.SsoSession, session.SessionName!, Keys.SsoRegion, session.Region);
        Set(document, SectionKind.SsoSession, session.SessionName!, Keys.SsoRegistrationScopes, string.Join(", ", session.RegistrationScopes));
        return true;
    }

    // Only what differs is written, so a re-run with the same answers leaves the file as it was.
    private static void Set(ConfigDocument document, SectionKind kind, string section, string key, string value)
    {
        if (document.GetValue(kind, section, key)?.Trim() != value)
        {
            document.SetValue(kind, section, key, value);
        }
    }

    private T Pick<T>(string what, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull
    {
        if (items.Count == 1)
        {
            _ui.Line($"{what}: {label(items[0])} (the only one available)");
            return items[0];
        }

        var chosen = _ui.Choose($"{what} ({items.Count} available)", items, label);
        _ui.Line($"{what}: {label(chosen)}");
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

/// <summary>What <c>configure sso</c> wrote.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Account">The account picked.</param>
/// <param name="RoleName">The role picked.</param>
/// <param name="ConfigPath">The config file.</param>
public sealed record SsoConfigured(string Profile, SsoAccountInfo Account, string RoleName, string ConfigPath);
