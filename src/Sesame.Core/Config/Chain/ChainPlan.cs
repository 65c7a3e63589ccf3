namespace Sesame.Core.Config.Chain;

/// <summary>
/// How a profile's credentials are obtained, as data: a base source, then zero or more roles
/// assumed in order (base first). Produced by <see cref="ChainPlanner"/> without any I/O, and only
/// then turned into live providers (the shape of smithy-rs's <c>ProfileChain</c>).
/// </summary>
/// <param name="Profile">The profile that was asked for.</param>
/// <param name="Base">Where the first credentials come from.</param>
/// <param name="Roles">Roles to assume on top of the base, in order.</param>
public sealed record ChainPlan(string Profile, BaseSource Base, IReadOnlyList<RoleStep> Roles)
{
    /// <summary>Profiles visited from the selected one down to the base, in that order.</summary>
    public IEnumerable<string> ProfilesTopDown
    {
        get
        {
            for (var i = Roles.Count - 1; i >= 0; i--)
            {
                yield return Roles[i].Profile;
            }

            if (Roles.Count == 0 || Roles[0].Profile != Base.Profile)
            {
                yield return Base.Profile;
            }
        }
    }
}

/// <summary>The first link of a chain.</summary>
/// <param name="Profile">The profile that defines this source.</param>
public abstract record BaseSource(string Profile)
{
    /// <summary>A short name for the kind of source (used by <c>list</c> and <c>explain</c>).</summary>
    public abstract string Kind { get; }
}

/// <summary>Long-term or temporary keys written in a file.</summary>
public sealed record StaticKeysSource(
    string Profile,
    ConfigValue AccessKeyId,
    ConfigValue SecretAccessKey,
    ConfigValue? SessionToken,
    ConfigValue? AccountId) : BaseSource(Profile)
{
    /// <inheritdoc />
    public override string Kind => "static";

    /// <summary>The keys as credentials (values trimmed, as every AWS reader does).</summary>
    public Credentials.AwsCredentials ToCredentials()
        => new(AccessKeyId.Value.Trim(), SecretAccessKey.Value.Trim(), SessionToken?.Value.Trim(), null, AccountId?.Value.Trim());
}

/// <summary>Long-term keys for the profile kept in Sesame's secret store.</summary>
public sealed record StoredKeysSource(string Profile) : BaseSource(Profile)
{
    /// <inheritdoc />
    public override string Kind => "static";
}

/// <summary>A <c>credential_process</c> command.</summary>
public sealed record CredentialProcessSource(string Profile, ConfigValue Command, ConfigValue? AccountId) : BaseSource(Profile)
{
    /// <inheritdoc />
    public override string Kind => "process";
}

/// <summary>IAM Identity Center: role credentials (account and role set) or a bearer token only.</summary>
/// <param name="Profile">The profile with the SSO settings.</param>
/// <param name="Session">The session it signs in with (the one model every SSO feature uses).</param>
/// <param name="AccountId">The account of the role, when set.</param>
/// <param name="RoleName">The role (permission set), when set.</param>
/// <param name="Location">Where the profile's SSO settings are.</param>
public sealed record SsoSource(
    string Profile,
    SsoSession Session,
    string? AccountId,
    string? RoleName,
    SourceLocation Location) : BaseSource(Profile)
{
    /// <summary>True when the profile names an account and role (so it yields AWS credentials).</summary>
    public bool HasRoleCredentials => AccountId is not null && RoleName is not null;

    /// <summary>The sso-session name, or <c>null</c> for a legacy profile.</summary>
    public string? SessionName => Session.SessionName;

    /// <inheritdoc />
    public override string Kind => "sso";
}

/// <summary>
/// A SAML sign-in (<c>sesame_saml_*</c> keys, docs/saml.md): the IdP's assertion exchanged for a role's
/// credentials with AssumeRoleWithSAML. The settings are read by <c>Saml/SamlProfileSettings</c>.
/// </summary>
/// <param name="Profile">The profile with the SAML settings.</param>
/// <param name="Url">Its <c>sesame_saml_url</c>.</param>
public sealed record SamlSource(string Profile, ConfigValue Url) : BaseSource(Profile)
{
    /// <inheritdoc />
    public override string Kind => "saml";
}

/// <summary>AssumeRoleWithWebIdentity from a token file.</summary>
public sealed record WebIdentitySource(string Profile, string RoleArn, string TokenFile, string? SessionName, SourceLocation Location) : BaseSource(Profile)
{
    /// <inheritdoc />
    public override string Kind => "web-identity";
}

/// <summary>A <c>credential_source</c>: the environment, EC2 instance metadata or the ECS/EKS container endpoint.</summary>
public sealed record NamedSource(string Profile, CredentialSourceKind Source, SourceLocation Location) : BaseSource(Profile)
{
    /// <inheritdoc />
    public override string Kind => "credential-source";
}

/// <summary>The console-login (<c>aws login</c>) session named by <c>login_session</c>.</summary>
public sealed record LoginSessionSource(string Profile, ConfigValue Session) : BaseSource(Profile)
{
    /// <inheritdoc />
    public override string Kind => "login";
}

/// <summary>The three <c>credential_source</c> values AWS defines (spelled exactly so; case-sensitive).</summary>
public enum CredentialSourceKind
{
    /// <summary><c>Environment</c>.</summary>
    Environment,

    /// <summary><c>Ec2InstanceMetadata</c>.</summary>
    Ec2InstanceMetadata,

    /// <summary><c>EcsContainer</c>.</summary>
    EcsContainer,
}

/// <summary>One AssumeRole hop and the settings of the profile that defines it.</summary>
/// <param name="Profile">The profile with <c>role_arn</c>.</param>
/// <param name="RoleArn">The role to assume.</param>
/// <param name="SessionName">The configured <c>role_session_name</c>, if any.</param>
/// <param name="ExternalId">The configured <c>external_id</c>, if any.</param>
/// <param name="DurationSeconds">The configured <c>duration_seconds</c>, if any.</param>
/// <param name="MfaSerial">The configured <c>mfa_serial</c>, if any.</param>
public sealed record RoleStep(
    string Profile,
    ConfigValue RoleArn,
    string? SessionName,
    string? ExternalId,
    int? DurationSeconds,
    ConfigValue? MfaSerial);
