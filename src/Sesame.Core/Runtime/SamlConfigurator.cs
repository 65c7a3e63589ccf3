using Sesame.Core.Config;
using Sesame.Core.Config.Editing;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Migration;
using Sesame.Core.Saml.Secrets;
using Sesame.Core.Settings;

namespace Sesame.Core.Runtime;

/// <summary>What <c>configure saml</c> was given (flags win over an imported profile, which wins over the profile's current values).</summary>
/// <param name="Url">The IdP sign-in URL or AD FS host (<c>--url</c>).</param>
/// <param name="Username">The IdP user (<c>--username</c>).</param>
/// <param name="RoleArn">The role (<c>--role-arn</c>); without it the wizard signs in and lists the roles.</param>
/// <param name="PrincipalArn">The SAML provider (<c>--principal-arn</c>).</param>
/// <param name="Duration">The session length (<c>--duration</c>: 3600, 90m, 8h).</param>
/// <param name="Region">The profile's region (<c>--region</c>).</param>
/// <param name="Provider"><c>adfs</c> or <c>browser</c> (<c>--provider</c>).</param>
/// <param name="FromAwsAdfs">An aws-adfs profile to convert (<c>--from-aws-adfs</c>).</param>
/// <param name="FromSaml2Aws">A <c>~/.saml2aws</c> account to convert (<c>--from-saml2aws</c>; empty: the default or only one).</param>
/// <param name="PasswordInput">Standard input, for <c>--password-stdin</c>.</param>
/// <param name="MfaToken">A one-time code (<c>--mfa-token</c>).</param>
/// <param name="Presenter">Where push instructions go.</param>
public sealed record SamlConfigureRequest(
    string? Url = null,
    string? Username = null,
    string? RoleArn = null,
    string? PrincipalArn = null,
    string? Duration = null,
    string? Region = null,
    string? Provider = null,
    string? FromAwsAdfs = null,
    string? FromSaml2Aws = null,
    TextReader? PasswordInput = null,
    string? MfaToken = null,
    ISamlSignInPresenter? Presenter = null);

/// <summary>What <c>configure saml</c> wrote.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="RoleArn">Its role, when it names one.</param>
/// <param name="ConfigPath">The config file.</param>
/// <param name="RemovedTemporaryKeys">True when the credentials file's temporary keys for the profile (aws-adfs's, saml2aws's) were removed, since the AWS CLI would use them before <c>credential_process</c>.</param>
/// <param name="Warnings">What the user should know (TLS verification that was off, long-term keys that shadow the profile).</param>
public sealed record SamlConfigured(string Profile, string? RoleArn, string ConfigPath, bool RemovedTemporaryKeys, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>configure saml</c>: writes a SAML profile that the AWS CLI and every SDK can use unchanged —
/// <c>credential_process = sesame credential-process NAME</c> plus the <c>sesame_saml_*</c> keys (docs/saml.md) —
/// through the config editor, changing only what differs. With <c>--url</c>, <c>--username</c> and <c>--role-arn</c>
/// it asks nothing; otherwise it asks for what is missing, signs in, and lets the user pick one of the roles the
/// assertion offers (labelled with account names where AWS's sign-in page gives them). Converts aws-adfs profiles
/// and saml2aws accounts.
/// </summary>
public sealed class SamlConfigurator
{
    private readonly SesameRuntime _runtime;
    private readonly IInteractiveUi _ui;

    /// <summary>Creates the wizard.</summary>
    public SamlConfigurator(SesameRuntime runtime, IInteractiveUi ui)
    {
        _runtime = runtime;
        _ui = ui;
    }

    /// <summary>Writes (or updates) the SAML profile <paramref name="name"/>.</summary>
    public async Task<SamlConfigured> RunAsync(string name, SamlConfigureRequest request, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(name))
        {
            throw new SesameException($"'{name}' is not a valid profile name (letters, digits and _-/.%@:+ only)", ExitCodes.ConfigError);
        }

        var warnings = new List<string>();
        var existing = _runtime.Profiles.GetProfile(name);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string? region = null;
        if (request.FromAwsAdfs is { } adfsProfile)
        {
            region = Import(keys, FromAwsAdfs(adfsProfile, warnings));
        }

        if (request.FromSaml2Aws is { } account)
        {
            region = Import(keys, FromSaml2Aws(account, warnings)) ?? region;
        }

        Flag(keys, SamlKeys.Url, request.Url);
        Flag(keys, SamlKeys.Username, request.Username);
        Flag(keys, SamlKeys.RoleArn, request.RoleArn);
        Flag(keys, SamlKeys.PrincipalArn, request.PrincipalArn);
        Flag(keys, SamlKeys.Duration, request.Duration is null ? null : CheckDuration(request.Duration));
        Flag(keys, SamlKeys.Provider, request.Provider?.Trim().ToLowerInvariant() is { } provider
            ? provider is "adfs" or "browser" ? provider : throw new SesameException($"--provider '{provider}' is not adfs or browser", ExitCodes.ConfigError)
            : null);
        region = request.Region ?? region;

        // What is still missing is asked for (defaults: the profile's current values); without a person, it is an error.
        string Current(string key) => keys.GetValueOrDefault(key) ?? existing?.GetString(key) ?? string.Empty;
        var browser = Current(SamlKeys.Provider) == "browser";
        bool Given(string key) => keys.ContainsKey(key) || (!_ui.IsInteractive && Current(key).Length > 0);
        var complete = Given(SamlKeys.Url) && (browser || Given(SamlKeys.Username)) && Given(SamlKeys.RoleArn);
        if (!complete && !_ui.IsInteractive)
        {
            throw new InteractionRequiredException("configure saml needs --url, --username and --role-arn when there is no terminal to ask on (or --from-aws-adfs / --from-saml2aws)");
        }

        if (!complete)
        {
            Ask(keys, SamlKeys.Url, "Sign-in URL (AD FS host, or your IdP's sign-in URL for AWS)", Current(SamlKeys.Url));
            if (!browser)
            {
                Ask(keys, SamlKeys.Username, "User name (DOMAIN\\user or user@domain)", Current(SamlKeys.Username));
            }
        }

        var settings = await PreviewAsync(name, keys, region, cancellationToken).ConfigureAwait(false);
        if (!Given(SamlKeys.RoleArn))
        {
            var role = await PickRoleAsync(settings, request, cancellationToken).ConfigureAwait(false);
            keys[SamlKeys.RoleArn] = role.RoleArn;
            keys[SamlKeys.PrincipalArn] = role.PrincipalArn;
            if (request.Region is null)
            {
                region = _ui.Ask("Default region for the profile", existing?.GetString(Keys.Region) ?? region ?? string.Empty);
            }
        }

        var edit = await _runtime.ConfigEditor.EditAsync(ConfigFileKind.Config, document => Write(document, name, keys, region), cancellationToken: cancellationToken).ConfigureAwait(false);
        var removed = await RemoveTemporaryKeysAsync(name, warnings, cancellationToken).ConfigureAwait(false);
        return new SamlConfigured(name, keys.GetValueOrDefault(SamlKeys.RoleArn) ?? existing?.GetString(SamlKeys.RoleArn), edit.Path, removed, warnings);
    }

    // The profile as it would be written, read back as Sesame reads it: every value checked (with file and line) before anything is written.
    private async Task<SamlProfileSettings> PreviewAsync(string name, Dictionary<string, string> keys, string? region, CancellationToken cancellationToken)
    {
        var preview = await _runtime.ConfigEditor.EditAsync(ConfigFileKind.Config, document => Write(document, name, keys, region), new ConfigEditOptions(DryRun: true), cancellationToken).ConfigureAwait(false);
        var file = ConfigFile.Parse(preview.Path, ConfigFileKind.Config, preview.After);
        var settings = SamlProfileSettings.Read(ProfileSet.Build(file, null).GetProfile(name)!);
        _ = SamlSignIn.SignOnUrl(settings);
        return settings;
    }

    private async Task<SamlRole> PickRoleAsync(SamlProfileSettings settings, SamlConfigureRequest request, CancellationToken cancellationToken)
    {
        var signIn = _runtime.Saml.SignIn(settings, new SamlSignInOptions(request.PasswordInput, request.MfaToken, request.Presenter));
        var host = SamlSignIn.SignOnUrl(settings).Host;
        // No spinner around the sign-in: it may ask for a password or a code on the terminal.
        _ui.Line($"Signing in at {host}{(settings.Username is { } user ? " as " + user : string.Empty)} to list your roles.");
        var result = await signIn.SignInAsync(settings, reuseSession: true, cancellationToken).ConfigureAwait(false);
        var roles = result.Assertion.Roles;
        var names = await _ui.StatusAsync("Looking up account names", ct => signIn.AccountNamesAsync(settings, result.Assertion, ct), cancellationToken).ConfigureAwait(false);
        string Label(SamlRole role)
        {
            var account = names.TryGetValue(role.AccountId, out var accountName) ? $"{accountName} ({role.AccountId})" : role.AccountId;
            var ambiguous = roles.Count(r => r.RoleArn == role.RoleArn) > 1;
            return TerminalText.Sanitize($"{account}: {role.RoleName}{(ambiguous ? $" via {role.PrincipalArn}" : string.Empty)}")!;
        }

        var ordered = roles.OrderBy(Label, StringComparer.OrdinalIgnoreCase).ToList();
        if (ordered.Count == 1)
        {
            _ui.Line($"Role: {Label(ordered[0])} (the only one offered)");
            return ordered[0];
        }

        var chosen = _ui.Choose($"Role ({ordered.Count} offered)", ordered, Label);
        _ui.Line($"Role: {Label(chosen)}");
        return chosen;
    }

    private static bool Write(ConfigDocument document, string name, Dictionary<string, string> keys, string? region)
    {
        foreach (var key in SamlKeys.All)
        {
            if (keys.TryGetValue(key, out var value))
            {
                Set(document, name, key, value);
            }
        }

        if (!string.IsNullOrWhiteSpace(region))
        {
            Set(document, name, Keys.Region, region.Trim());
        }

        // How the AWS CLI and every SDK reach Sesame (Sesame itself reads the sesame_saml_* keys first).
        Set(document, name, Keys.CredentialProcess, KeyService.CredentialProcessFor(name));
        return true;
    }

    // Only what differs is written, so a re-run with the same answers leaves the file as it was.
    private static void Set(ConfigDocument document, string name, string key, string value)
    {
        if (document.GetValue(SectionKind.Profile, name, key)?.Trim() != value)
        {
            document.SetValue(SectionKind.Profile, name, key, value);
        }
    }

    // aws-adfs and saml2aws write temporary keys into the credentials file, which the AWS CLI reads before
    // credential_process: they would hide the profile's sign-in until they expire, and then fail.
    private async Task<bool> RemoveTemporaryKeysAsync(string name, List<string> warnings, CancellationToken cancellationToken)
    {
        var credentialsPath = _runtime.Locator.CredentialsFilePath;
        if (!_runtime.Seams.FileSystem.FileExists(credentialsPath))
        {
            return false;
        }

        var edit = await _runtime.ConfigEditor.EditAsync(
            ConfigFileKind.Credentials,
            document =>
            {
                var temporary = document.GetValue(SectionKind.Profile, name, Keys.AwsSessionToken) is not null || document.GetValue(SectionKind.Profile, name, Keys.AwsSecurityToken) is not null;
                if (!temporary)
                {
                    return document.GetValue(SectionKind.Profile, name, Keys.AwsAccessKeyId) is not null;
                }

                foreach (var key in new[] { Keys.AwsAccessKeyId, Keys.AwsSecretAccessKey, Keys.AwsSessionToken, Keys.AwsSecurityToken, "x_security_token_expires", "x_principal_arn", "aws_credential_expiration" })
                {
                    document.RemoveValue(SectionKind.Profile, name, key);
                }

                return false;
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (edit.Result)
        {
            warnings.Add($"the credentials file has long-term keys for '{name}', which the AWS CLI uses before credential_process; remove them to use the SAML sign-in there");
        }

        return edit.Written;
    }

    private static string? Import(Dictionary<string, string> keys, (IReadOnlyList<KeyValuePair<string, string>> Keys, string? Region) imported)
    {
        foreach (var (key, value) in imported.Keys)
        {
            keys[key] = value;
        }

        return imported.Region;
    }

    private (IReadOnlyList<KeyValuePair<string, string>>, string?) FromAwsAdfs(string profile, List<string> warnings)
    {
        var section = _runtime.Profiles.GetProfile(profile) ?? throw new ProfileNotFoundException(profile, NameSuggester.Closest(profile, _runtime.Profiles.ProfileNames));
        var adfs = AwsAdfsProfile.TryRead(section)
            ?? throw new ConfigException($"profile '{profile}' has no {AwsAdfsProfile.KeyPrefix}* keys (aws-adfs writes them with 'aws-adfs login --profile {profile}')", section.Headers.FirstOrDefault().File, section.Headers.FirstOrDefault().Line);
        if (adfs.AdfsHost is null)
        {
            throw new ConfigException($"profile '{profile}' has no {AwsAdfsProfile.KeyPrefix}adfs_host", section.Headers.FirstOrDefault().File, section.Headers.FirstOrDefault().Line);
        }

        if (!adfs.SslVerification)
        {
            warnings.Add($"aws-adfs did not verify TLS for '{profile}' ({AwsAdfsProfile.KeyPrefix}ssl_verification = False); Sesame always does");
        }

        return (adfs.ToSamlKeys(), adfs.Region);
    }

    private (IReadOnlyList<KeyValuePair<string, string>>, string?) FromSaml2Aws(string name, List<string> warnings)
    {
        var environment = _runtime.Seams.Environment;
        var path = environment.GetNonBlank("SAML2AWS_CONFIGFILE") is { } configured ? _runtime.Locator.ExpandPath(configured) : Path.Combine(_runtime.Locator.HomeDirectory ?? ".", ".saml2aws");
        if (!_runtime.Seams.FileSystem.FileExists(path))
        {
            throw new ConfigException($"there is no saml2aws configuration at {path}");
        }

        var accounts = Saml2AwsConfig.Parse(System.Text.Encoding.UTF8.GetString(_runtime.Seams.FileSystem.ReadAllBytes(path)));
        var account = name.Length > 0
            ? accounts.FirstOrDefault(a => a.Name == name)
            : accounts.FirstOrDefault(a => a.Name == "default") ?? (accounts.Count == 1 ? accounts[0] : null);
        if (account is null)
        {
            var known = string.Join(", ", accounts.Select(a => a.Name));
            throw new ConfigException(name.Length > 0
                ? $"{path} has no account '{name}' (it has: {known})"
                : $"{path} has several accounts ({known}); name one: --from-saml2aws NAME", path, 0);
        }

        if (account.SkipVerify)
        {
            warnings.Add($"saml2aws did not verify TLS for '{account.Name}' (skip_verify = true); Sesame always does");
        }

        return (account.ToSamlKeys(), account.Region);
    }

    private void Ask(Dictionary<string, string> keys, string key, string question, string current)
    {
        var answer = _ui.Ask(question, current.Length > 0 ? current : null).Trim();
        if (answer.Length == 0)
        {
            throw new SesameException($"{key} is needed", ExitCodes.ConfigError);
        }

        keys[key] = answer;
    }

    private static void Flag(Dictionary<string, string> keys, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            keys[key] = value.Trim();
        }
    }

    private static string CheckDuration(string text)
    {
        if (!SettingParsers.TryParseDuration(text.Trim(), out var duration) || duration.TotalSeconds is < 900 or > 43200)
        {
            throw new SesameException($"--duration '{text}' is not a duration from 900 seconds to 12 hours (e.g. 3600, 90m, 8h)", ExitCodes.ConfigError);
        }

        return text.Trim();
    }
}
