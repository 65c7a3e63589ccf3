using Sesame.Core.Config.Chain;
using Sesame.Core.Errors;

namespace Sesame.Core.Config.Reports;

/// <summary>A setting as shown by <c>explain</c>: secrets masked to their last 4 characters.</summary>
public sealed record ExplainSetting(string Key, string Value, SourceLocation Location);

/// <summary>One link of the chain, top-down from the selected profile.</summary>
/// <param name="Profile">The profile this step comes from.</param>
/// <param name="Kind">role, or the base source's kind.</param>
/// <param name="Summary">One line: what this step does.</param>
/// <param name="Settings">The settings of the profile (and of its sso-session) that this step uses.</param>
public sealed record ExplainStep(string Profile, string Kind, string Summary, IReadOnlyList<ExplainSetting> Settings);

/// <summary>Something present in the files that does not take effect, and why.</summary>
/// <param name="What">The setting (masked), or <c>null</c> when the reason names it (a section, a key).</param>
/// <param name="Location">Where it is written.</param>
/// <param name="Reason">Why it does not take effect.</param>
public sealed record ExplainIgnored(string? What, SourceLocation Location, string Reason);

/// <summary>
/// Why a profile resolves the way it does: its settings with file and line, the chain step by
/// step, and what was ignored. Built from the <see cref="ProfileSet"/> and the
/// <see cref="ChainPlanner"/>; no I/O.
/// </summary>
public sealed record ExplainReport(
    string Profile,
    IReadOnlyList<ExplainSetting> Properties,
    IReadOnlyList<ExplainStep> Chain,
    IReadOnlyList<ExplainIgnored> Ignored,
    IReadOnlyList<ConfigNote> Notes,
    ConfigException? Error)
{
    private static readonly BaseKind[] PrecedenceOrder =
    [
        BaseKind.WebIdentity, BaseKind.Sso, BaseKind.Saml, BaseKind.StoredKeys, BaseKind.CredentialsFileKeys,
        BaseKind.Login, BaseKind.Process, BaseKind.ConfigFileKeys, BaseKind.CredentialSource,
    ];

    /// <summary>
    /// Builds the report. An unknown profile throws <see cref="ProfileNotFoundException"/>; an
    /// invalid chain is reported in <see cref="Error"/> with everything that could be shown.
    /// </summary>
    public static ExplainReport Build(ProfileSet profiles, string name, Func<string, bool>? hasStoredKeys = null)
    {
        var selected = profiles.GetProfile(name)
            ?? throw new ProfileNotFoundException(name, NameSuggester.Closest(name, profiles.ProfileNames));
        ChainPlan? plan = null;
        ConfigException? error = null;
        try
        {
            plan = ChainPlanner.Plan(profiles, name, hasStoredKeys);
        }
        catch (ConfigException e) when (e is not ProfileNotFoundException)
        {
            error = e;
        }

        var chainProfiles = plan?.ProfilesTopDown.Distinct(StringComparer.Ordinal).ToList() ?? [name];
        var chain = plan is null ? [] : BuildSteps(profiles, plan);
        var ignored = new List<ExplainIgnored>();
        if (plan is not null)
        {
            FindIgnoredSources(profiles, plan, ignored, hasStoredKeys);
        }

        var notes = new List<ConfigNote>();
        foreach (var profileName in chainProfiles)
        {
            var profile = profiles.GetProfile(profileName);
            if (profile is null)
            {
                continue;
            }

            foreach (var shadow in profile.Shadowed)
            {
                ignored.Add(new ExplainIgnored($"{shadow.Value.Key} = {Mask(shadow.Value)}", shadow.Value.Location, $"overridden by {shadow.OverriddenBy}"));
            }

            foreach (var note in profile.Notes)
            {
                if (note.Kind == ConfigNoteKind.Ignored)
                {
                    ignored.Add(new ExplainIgnored(null, note.Location, note.Message));
                }
                else
                {
                    notes.Add(note);
                }
            }
        }

        foreach (var note in profiles.Notes)
        {
            if (note.Section is null || chainProfiles.Contains(note.Section, StringComparer.Ordinal))
            {
                if (note.Kind == ConfigNoteKind.Ignored)
                {
                    ignored.Add(new ExplainIgnored(null, note.Location, note.Message));
                }
                else
                {
                    notes.Add(note);
                }
            }
        }

        AddAwsAdfsNotes(profiles, chainProfiles, notes);
        return new ExplainReport(name, Settings(selected), chain, ignored, notes, error);
    }

    /// <summary>Masks a secret to its last 4 characters; other values are returned unchanged.</summary>
    public static string Mask(ConfigValue value) => Keys.IsSecret(value.Key) ? MaskSecret(value.Value) : value.Value;

    /// <summary>Shows only the last 4 characters of a secret.</summary>
    public static string MaskSecret(string secret) => secret.Length <= 4 ? "****" : "****" + secret[^4..];

    // A profile written by aws-adfs: its keys are temporary and rewritten by every 'aws-adfs login'
    // (docs/saml.md, "Moving from aws-adfs and saml2aws").
    private static void AddAwsAdfsNotes(ProfileSet profiles, List<string> chainProfiles, List<ConfigNote> notes)
    {
        foreach (var profileName in chainProfiles)
        {
            if (profiles.GetProfile(profileName) is not { } profile || profile.Has(Keys.SesameSamlUrl))
            {
                continue;
            }

            var first = profile.Values.FirstOrDefault(v => v.Key.StartsWith(Keys.AwsAdfsPrefix, StringComparison.OrdinalIgnoreCase));
            if (first is not null)
            {
                notes.Add(new ConfigNote(
                    first.Location,
                    $"profile '{profileName}' was written by aws-adfs ({Keys.AwsAdfsPrefix}* keys): its keys are temporary and only renewed by 'aws-adfs login'; "
                    + $"'sesame configure saml {profileName} --from-aws-adfs {profileName}' makes Sesame sign in for it",
                    ConfigNoteKind.Compatibility,
                    profileName));
            }
        }
    }

    private static List<ExplainSetting> Settings(ConfigSection section)
        => [.. section.Values.Select(v => new ExplainSetting(v.Key, Mask(v), v.Location))];

    private static List<ExplainStep> BuildSteps(ProfileSet profiles, ChainPlan plan)
    {
        var steps = new List<ExplainStep>();
        for (var i = plan.Roles.Count - 1; i >= 0; i--)
        {
            var role = plan.Roles[i];
            var profile = profiles.GetProfile(role.Profile)!;
            var using_ = i > 0 ? $"credentials of profile '{plan.Roles[i - 1].Profile}'" : BaseDescription(plan.Base, short_: true, profiles.CredentialsFile?.Path);
            var mfa = role.MfaSerial is null ? string.Empty : $" with MFA {role.MfaSerial.Value}";
            steps.Add(new ExplainStep(role.Profile, "role", $"assume {role.RoleArn.Value}{mfa} using {using_}", Settings(profile)));
        }

        var baseProfile = profiles.GetProfile(plan.Base.Profile)!;
        var settings = Settings(baseProfile);
        if (plan.Base is SsoSource { SessionName: { } session } && profiles.GetSsoSession(session) is { } sessionSection)
        {
            settings.AddRange(Settings(sessionSection).Select(s => s with { Key = $"[sso-session {session}] {s.Key}" }));
        }

        steps.Add(new ExplainStep(plan.Base.Profile, plan.Base.Kind, BaseDescription(plan.Base, short_: false, profiles.CredentialsFile?.Path), settings));
        return steps;
    }

    private static string BaseDescription(BaseSource source, bool short_, string? credentialsPath) => source switch
    {
        StaticKeysSource keys => short_ ? $"the access keys of profile '{keys.Profile}'" : $"access key {MaskSecret(keys.AccessKeyId.Value)} from the {(keys.AccessKeyId.Location.File == credentialsPath ? "credentials" : "config")} file",
        StoredKeysSource stored => short_ ? $"the stored access keys of profile '{stored.Profile}'" : "access keys from Sesame's secret store",
        CredentialProcessSource => short_ ? $"the credential_process of profile '{source.Profile}'" : "run credential_process",
        SsoSource { HasRoleCredentials: true } sso => $"IAM Identity Center role {sso.RoleName} in account {sso.AccountId}",
        SsoSource sso => $"IAM Identity Center session {sso.SessionName} (a bearer token only: no sso_account_id / sso_role_name, so no AWS credentials)",
        SamlSource saml => short_ ? $"the SAML sign-in of profile '{saml.Profile}'" : $"sign in at {SamlHost(saml.Url.Value)} and assume a role with the SAML assertion (AssumeRoleWithSAML)",
        WebIdentitySource web => $"assume {web.RoleArn} with the web identity token in {web.TokenFile}",
        NamedSource named => $"credential_source {named.Source}",
        LoginSessionSource login => $"console login session {login.Session.Value}",
        _ => source.Kind,
    };

    // The host only: a configured URL may carry a query.
    private static string SamlHost(string url)
    {
        var text = url.Trim();
        return Uri.TryCreate(text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text, UriKind.Absolute, out var uri) ? uri.Host : text;
    }

    private static void FindIgnoredSources(ProfileSet profiles, ChainPlan plan, List<ExplainIgnored> ignored, Func<string, bool>? hasStoredKeys)
    {
        var selected = profiles.GetProfile(plan.Profile)!;
        if (plan.Roles.Count > 0 && plan.Roles[^1].Profile == plan.Profile && plan.Base.Profile != plan.Profile)
        {
            foreach (var key in new[] { Keys.AwsAccessKeyId, Keys.AwsSecretAccessKey, Keys.AwsSessionToken })
            {
                if (selected.Get(key) is { } value)
                {
                    ignored.Add(new ExplainIgnored($"{value.Key} = {Mask(value)}", value.Location, "role_arn with source_profile takes precedence over static keys in the selected profile"));
                }
            }
        }

        // A source profile with static keys ends the chain: its own role is not assumed.
        var baseProfile = profiles.GetProfile(plan.Base.Profile)!;
        var isSelfReference = plan.Roles.Count > 0 && plan.Roles[0].Profile == plan.Base.Profile;
        if (!isSelfReference && plan.Base.Profile != plan.Profile && baseProfile.Get(Keys.RoleArn) is { } unusedRole && plan.Base is not WebIdentitySource)
        {
            ignored.Add(new ExplainIgnored($"{unusedRole.Key} = {unusedRole.Value}", unusedRole.Location, $"profile '{baseProfile.Name}' is reached as a source_profile and has static keys, which end the chain"));
        }

        if (plan.Base is NamedSource && ChainPlanner.HasRoleConfig(baseProfile))
        {
            return; // credential_source of a role profile: nothing else in it competes.
        }

        // Lower-precedence sources in the base profile never take effect.
        var chosen = ChainPlanner.DetectBase(profiles, baseProfile, hasStoredKeys);
        var later = Array.IndexOf(PrecedenceOrder, chosen) + 1;
        foreach (var kind in PrecedenceOrder.AsSpan(later))
        {
            foreach (var value in ValuesOf(profiles, baseProfile, kind))
            {
                // A SAML profile's credential_process is how the AWS CLI and SDKs reach Sesame.
                var reason = chosen == BaseKind.Saml && kind == BaseKind.Process
                    ? "for the AWS CLI and SDKs; Sesame itself signs in with the sesame_saml_* settings"
                    : $"{Describe(chosen)} take precedence (botocore's provider order)";
                ignored.Add(new ExplainIgnored($"{value.Key} = {Mask(value)}", value.Location, reason));
            }
        }
    }

    private static IEnumerable<ConfigValue> ValuesOf(ProfileSet profiles, ConfigSection profile, BaseKind kind)
    {
        string[] keys = kind switch
        {
            BaseKind.WebIdentity => [Keys.WebIdentityTokenFile],
            BaseKind.Sso => [Keys.SsoAccountId, Keys.SsoRoleName, Keys.SsoSession],
            BaseKind.Saml => [Keys.SesameSamlUrl],
            BaseKind.CredentialsFileKeys or BaseKind.ConfigFileKeys => [Keys.AwsAccessKeyId, Keys.AwsSecretAccessKey, Keys.AwsSessionToken, Keys.AwsSecurityToken],
            BaseKind.Login => [Keys.LoginSession],
            BaseKind.Process => [Keys.CredentialProcess],
            BaseKind.CredentialSource => [Keys.CredentialSource],
            _ => [],
        };
        var credentialsPath = profiles.CredentialsFile?.Path;
        foreach (var key in keys)
        {
            if (profile.Get(key) is not { } value)
            {
                continue;
            }

            var inCredentialsFile = value.Location.File == credentialsPath;
            if ((kind == BaseKind.CredentialsFileKeys && !inCredentialsFile) || (kind == BaseKind.ConfigFileKeys && inCredentialsFile))
            {
                continue;
            }

            yield return value;
        }
    }

    private static string Describe(BaseKind kind) => kind switch
    {
        BaseKind.WebIdentity => "web identity settings",
        BaseKind.Sso => "IAM Identity Center settings",
        BaseKind.Saml => "SAML sign-in settings (sesame_saml_*)",
        BaseKind.StoredKeys => "keys in Sesame's secret store",
        BaseKind.CredentialsFileKeys => "keys in the credentials file",
        BaseKind.Login => "login_session settings",
        BaseKind.Process => "credential_process settings",
        BaseKind.ConfigFileKeys => "keys in the config file",
        _ => "other settings",
    };
}
