using Sesame.Core.Errors;

namespace Sesame.Core.Config.Chain;

// Chain resolution as botocore does it (credentials.py: AssumeRoleProvider, ProfileProviderBuilder),
// cross-checked against smithy-rs's assume-role-tests.json:
// - the selected profile: role_arn (without web_identity_token_file) makes it a role hop, even
//   when it also has static keys; it then needs exactly one of source_profile / credential_source;
// - a source profile reached through the chain: static keys (any of the three key settings) end
//   the chain even if it also has role_arn; without them, role_arn makes another hop;
// - a profile may be its own source_profile only when it has static keys;
// - a base profile is resolved in botocore's profile-provider order: web identity, SSO,
//   credentials-file keys, login_session, credential_process, config-file keys.

/// <summary>
/// Turns a profile name into a <see cref="ChainPlan"/>. Pure: no I/O. Linear in the chain's
/// length, which is limited to <see cref="MaxRoleHops"/> role hops.
/// </summary>
public static class ChainPlanner
{
    /// <summary>
    /// The most role hops a chain may have: far above real use (AWS itself limits role chaining
    /// sessions to one hour, and real chains have two or three hops), low enough that a generated or
    /// mistaken chain fails at once with a clear message instead of thousands of STS calls.
    /// </summary>
    public const int MaxRoleHops = 64;

    /// <summary>
    /// Plans the chain for <paramref name="profileName"/>.
    /// </summary>
    /// <param name="profiles">The merged files.</param>
    /// <param name="profileName">The selected profile.</param>
    /// <param name="hasStoredKeys">Tells whether Sesame's secret store holds keys for a profile (metadata only).</param>
    /// <exception cref="ProfileNotFoundException">The selected profile does not exist.</exception>
    /// <exception cref="NoCredentialsConfiguredException">The selected profile has no credential settings.</exception>
    /// <exception cref="ConfigException">The configuration is invalid; the message names file and line.</exception>
    public static ChainPlan Plan(ProfileSet profiles, string profileName, Func<string, bool>? hasStoredKeys = null)
    {
        hasStoredKeys ??= static _ => false;
        // A list for the loop message, a set for the check: each hop costs the same.
        var visited = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var roles = new List<RoleStep>();
        var current = profileName;
        ConfigSection? referrer = null;
        BaseSource baseSource;
        while (true)
        {
            var profile = profiles.GetProfile(current);
            if (profile is null)
            {
                if (referrer is null)
                {
                    throw new ProfileNotFoundException(current, NameSuggester.Closest(current, profiles.ProfileNames));
                }

                var reference = referrer.Get(Keys.SourceProfile)!;
                throw new ConfigException($"profile '{referrer.Name}' has source_profile = {current}, but no profile '{current}' exists", reference.Location.File, reference.Location.Line);
            }

            if (!seen.Add(current))
            {
                throw LoopError(visited, current, referrer!);
            }

            visited.Add(current);
            var isSelected = visited.Count == 1;
            if (!isSelected && (HasStaticCredentials(profile) || hasStoredKeys(current) || !HasRoleConfig(profile)))
            {
                baseSource = BaseFor(profiles, profile, hasStoredKeys)
                    ?? throw SourceWithoutCredentials(referrer!, profile);
                break;
            }

            if (!HasRoleConfig(profile))
            {
                baseSource = BaseFor(profiles, profile, hasStoredKeys)
                    ?? throw new NoCredentialsConfiguredException(profile);
                break;
            }

            if (roles.Count == MaxRoleHops)
            {
                throw TooDeep(profileName, referrer!);
            }

            roles.Add(RoleStepFrom(profile));
            var sourceProfile = profile.Get(Keys.SourceProfile);
            var credentialSource = profile.Get(Keys.CredentialSource);
            var roleArn = profile.Get(Keys.RoleArn)!;
            if (sourceProfile is not null && credentialSource is not null)
            {
                throw new ConfigException(
                    $"profile '{profile.Name}' sets both source_profile ({sourceProfile.Location}) and credential_source ({credentialSource.Location}); keep only one",
                    credentialSource.Location.File,
                    credentialSource.Location.Line);
            }

            if (credentialSource is not null)
            {
                baseSource = new NamedSource(profile.Name, ParseCredentialSource(credentialSource), credentialSource.Location);
                break;
            }

            if (sourceProfile is null)
            {
                throw new ConfigException(
                    $"profile '{profile.Name}' has role_arn but neither source_profile nor credential_source; add one to say which credentials assume the role",
                    roleArn.Location.File,
                    roleArn.Location.Line);
            }

            if (sourceProfile.Value == profile.Name)
            {
                // botocore: a profile may be its own source only when it holds static keys.
                if (!HasStaticCredentials(profile) && !hasStoredKeys(profile.Name))
                {
                    throw new ConfigException(
                        $"profile '{profile.Name}' is its own source_profile but has no access keys: {profile.Name} -> {profile.Name}",
                        sourceProfile.Location.File,
                        sourceProfile.Location.Line);
                }

                baseSource = BaseFor(profiles, profile, hasStoredKeys) ?? throw SourceWithoutCredentials(profile, profile);
                break;
            }

            referrer = profile;
            current = sourceProfile.Value;
        }

        roles.Reverse();
        foreach (var role in roles)
        {
            RoleValidation.Validate(role, profiles.GetProfile(role.Profile)!);
        }

        return new ChainPlan(profileName, baseSource, roles);
    }

    /// <summary>
    /// The base source of a profile in botocore's profile-provider order, or <c>null</c> when the
    /// profile holds no credential settings.
    /// </summary>
    public static BaseSource? BaseFor(ProfileSet profiles, ConfigSection profile, Func<string, bool>? hasStoredKeys = null)
    {
        switch (DetectBase(profiles, profile, hasStoredKeys))
        {
            case BaseKind.WebIdentity:
                var tokenFile = profile.Get(Keys.WebIdentityTokenFile)!;
                if (string.IsNullOrWhiteSpace(tokenFile.Value))
                {
                    throw new ConfigException(
                        $"profile '{profile.Name}' has an empty web_identity_token_file; set it to the path of the token file (or remove the line)",
                        tokenFile.Location.File,
                        tokenFile.Location.Line);
                }

                var roleArn = profile.Get(Keys.RoleArn)
                    ?? throw new ConfigException(
                        $"profile '{profile.Name}' has web_identity_token_file but no role_arn; `role_arn` was missing: add the role to assume with the token",
                        tokenFile.Location.File,
                        tokenFile.Location.Line);
                return new WebIdentitySource(profile.Name, roleArn.Value, tokenFile.Value, profile.GetString(Keys.RoleSessionName), tokenFile.Location);
            case BaseKind.Sso:
                return SsoFor(profiles, profile);
            case BaseKind.Saml:
                return new SamlSource(profile.Name, profile.Get(Keys.SesameSamlUrl)!);
            case BaseKind.StoredKeys:
                return new StoredKeysSource(profile.Name);
            case BaseKind.CredentialsFileKeys:
            case BaseKind.ConfigFileKeys:
                return StaticKeysFor(profile);
            case BaseKind.Login:
                return new LoginSessionSource(profile.Name, profile.Get(Keys.LoginSession)!);
            case BaseKind.Process:
                return new CredentialProcessSource(profile.Name, profile.Get(Keys.CredentialProcess)!, profile.Get(Keys.AwsAccountId));
            case BaseKind.CredentialSource:
                var source = profile.Get(Keys.CredentialSource)!;
                return new NamedSource(profile.Name, ParseCredentialSource(source), source.Location);
            default:
                return null;
        }
    }

    /// <summary>
    /// Which base source a profile's own settings select, in botocore's profile-provider order:
    /// web identity, SSO, (Sesame's SAML sign-in, Sesame's secret store,) credentials-file keys,
    /// login_session, credential_process, config-file keys, then credential_source. Never throws.
    /// A SAML profile comes before keys and credential_process: its <c>credential_process = sesame
    /// credential-process NAME</c> is how the AWS CLI reaches Sesame, not a source for Sesame itself.
    /// </summary>
    public static BaseKind DetectBase(ProfileSet profiles, ConfigSection profile, Func<string, bool>? hasStoredKeys = null)
    {
        if (profile.Has(Keys.WebIdentityTokenFile))
        {
            return BaseKind.WebIdentity;
        }

        if (profile.Has(Keys.SsoAccountId) || profile.Has(Keys.SsoRoleName) || profile.Has(Keys.SsoSession))
        {
            return BaseKind.Sso;
        }

        if (profile.Has(Keys.SesameSamlUrl))
        {
            return BaseKind.Saml;
        }

        if (hasStoredKeys?.Invoke(profile.Name) == true)
        {
            return BaseKind.StoredKeys;
        }

        var keys = profile.Get(Keys.AwsAccessKeyId) ?? profile.Get(Keys.AwsSecretAccessKey) ?? profile.Get(Keys.AwsSessionToken) ?? profile.Get(Keys.AwsSecurityToken);
        var keysInCredentialsFile = keys is not null && profiles.CredentialsFile is { } credentials && keys.Location.File == credentials.Path;
        if (keysInCredentialsFile)
        {
            return BaseKind.CredentialsFileKeys;
        }

        if (profile.Has(Keys.LoginSession))
        {
            return BaseKind.Login;
        }

        if (profile.Has(Keys.CredentialProcess))
        {
            return BaseKind.Process;
        }

        if (keys is not null)
        {
            return BaseKind.ConfigFileKeys;
        }

        return profile.Has(Keys.CredentialSource) ? BaseKind.CredentialSource : BaseKind.None;
    }

    /// <summary>True when the profile has role_arn and is not a web-identity profile.</summary>
    public static bool HasRoleConfig(ConfigSection profile) => profile.Has(Keys.RoleArn) && !profile.Has(Keys.WebIdentityTokenFile);

    /// <summary>True when any of the three static key settings is present (botocore's test).</summary>
    public static bool HasStaticCredentials(ConfigSection profile)
        => profile.Has(Keys.AwsAccessKeyId) || profile.Has(Keys.AwsSecretAccessKey) || profile.Has(Keys.AwsSessionToken);

    /// <summary>Parses <c>credential_source</c>; the AWS values are case-sensitive.</summary>
    public static CredentialSourceKind ParseCredentialSource(ConfigValue value)
    {
        switch (value.Value)
        {
            case "Environment":
                return CredentialSourceKind.Environment;
            case "Ec2InstanceMetadata":
                return CredentialSourceKind.Ec2InstanceMetadata;
            case "EcsContainer":
                return CredentialSourceKind.EcsContainer;
        }

        var hint = NameSuggester.Closest(value.Value, ["Environment", "Ec2InstanceMetadata", "EcsContainer"], ignoreCase: true);
        var suffix = hint is null ? "use Environment, Ec2InstanceMetadata or EcsContainer" : $"did you mean '{hint}'? (the value is case-sensitive)";
        throw new ConfigException($"credential_source '{value.Value}' is not valid; {suffix}", value.Location.File, value.Location.Line);
    }

    private static StaticKeysSource? StaticKeysFor(ConfigSection profile)
    {
        var id = profile.Get(Keys.AwsAccessKeyId);
        var secret = profile.Get(Keys.AwsSecretAccessKey);
        var token = profile.Get(Keys.AwsSecurityToken) ?? profile.Get(Keys.AwsSessionToken);
        if (id is null && secret is null && token is null)
        {
            return null;
        }

        if (id is null)
        {
            var at = (secret ?? token)!.Location;
            throw new ConfigException($"profile '{profile.Name}' has {(secret ?? token)!.Key} but no aws_access_key_id", at.File, at.Line);
        }

        if (secret is null)
        {
            throw new ConfigException($"profile '{profile.Name}' has aws_access_key_id but no aws_secret_access_key", id.Location.File, id.Location.Line);
        }

        return new StaticKeysSource(profile.Name, id, secret, token, profile.Get(Keys.AwsAccountId));
    }

    private static SsoSource SsoFor(ProfileSet profiles, ConfigSection profile)
    {
        var accountId = profile.Get(Keys.SsoAccountId);
        var roleName = profile.Get(Keys.SsoRoleName);
        var location = (profile.Get(Keys.SsoSession) ?? accountId ?? roleName)!.Location;
        var session = SsoSession.OfProfile(profiles, profile);
        if (accountId is not null && roleName is null)
        {
            throw new ConfigException($"profile '{profile.Name}' has sso_account_id but no sso_role_name; if `sso_account_id` is set, then `sso_role_name` must also be set", accountId.Location.File, accountId.Location.Line);
        }

        if (roleName is not null && accountId is null)
        {
            throw new ConfigException($"profile '{profile.Name}' has sso_role_name but no sso_account_id; if `sso_role_name` is set, then `sso_account_id` must also be set", roleName.Location.File, roleName.Location.Line);
        }

        return new SsoSource(profile.Name, session, accountId?.Value.Trim(), roleName?.Value.Trim(), location);
    }

    private static RoleStep RoleStepFrom(ConfigSection profile)
    {
        var duration = profile.Get(Keys.DurationSeconds);
        int? seconds = null;
        if (duration is not null)
        {
            if (!int.TryParse(duration.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                throw new ConfigException(
                    $"duration_seconds '{duration.Value}' is not a whole number of seconds (900 to 43200); note: the AWS CLI silently ignores such a value",
                    duration.Location.File,
                    duration.Location.Line);
            }

            seconds = parsed;
        }

        return new RoleStep(
            profile.Name,
            profile.Get(Keys.RoleArn)!,
            profile.GetString(Keys.RoleSessionName),
            profile.GetString(Keys.ExternalId),
            seconds,
            profile.Get(Keys.MfaSerial));
    }

    // A method of its own, so that planning (on every credential_process call) does not load
    // System.Linq for an error it almost never raises.
    private static ConfigException LoopError(List<string> visited, string current, ConfigSection referrer)
    {
        var loop = string.Join(" -> ", visited.Append(current));
        var at = referrer.Get(Keys.SourceProfile)!.Location;
        return new ConfigException($"source_profile forms a loop: {loop}; point one of these profiles at credentials instead", at.File, at.Line);
    }

    private static ConfigException TooDeep(string selected, ConfigSection referrer)
    {
        var at = referrer.Get(Keys.SourceProfile)!.Location;
        return new ConfigException(
            $"the role chain of profile '{selected}' has more than {MaxRoleHops} role hops (source_profile after source_profile); Sesame assumes at most {MaxRoleHops} roles in a row: shorten the chain, or check for a generated config that chains every profile",
            at.File,
            at.Line);
    }

    private static ConfigException SourceWithoutCredentials(ConfigSection referrer, ConfigSection source)
    {
        var at = referrer.Get(Keys.SourceProfile)?.Location ?? source.Headers.First();
        return new ConfigException(
            $"profile '{source.Name}' did not contain credential information: it is the source_profile of '{referrer.Name}' but has no keys, role, SSO, SAML, process or web identity settings",
            at.File,
            at.Line);
    }
}

/// <summary>The selected profile has no settings that yield credentials (only region, output, …).</summary>
public sealed class NoCredentialsConfiguredException : ConfigException
{
    /// <summary>Creates the error for a profile.</summary>
    public NoCredentialsConfiguredException(ConfigSection profile)
        : base(
            $"profile `{profile.Name}` did not contain credential information (no keys, role_arn, sso_*, credential_process or web identity settings)",
            profile.Headers.FirstOrDefault().File,
            profile.Headers.FirstOrDefault().Line)
    {
        Profile = profile.Name;
    }

    /// <summary>The profile's name.</summary>
    public string Profile { get; }
}

/// <summary>Which kind of base source a profile's own settings select.</summary>
public enum BaseKind
{
    /// <summary>No credential settings.</summary>
    None,

    /// <summary><c>web_identity_token_file</c>.</summary>
    WebIdentity,

    /// <summary><c>sso_account_id</c>/<c>sso_role_name</c>/<c>sso_session</c>.</summary>
    Sso,

    /// <summary>Keys in Sesame's secret store.</summary>
    StoredKeys,

    /// <summary>Keys in the credentials file.</summary>
    CredentialsFileKeys,

    /// <summary><c>login_session</c>.</summary>
    Login,

    /// <summary><c>credential_process</c>.</summary>
    Process,

    /// <summary>Keys in the config file.</summary>
    ConfigFileKeys,

    /// <summary><c>credential_source</c> without <c>role_arn</c>.</summary>
    CredentialSource,

    /// <summary>Sesame's SAML sign-in (<c>sesame_saml_url</c>).</summary>
    Saml,
}
