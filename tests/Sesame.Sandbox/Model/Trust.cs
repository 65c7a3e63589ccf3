namespace Sesame.Sandbox;

/// <summary>Which kind of principal a trust policy admits.</summary>
public enum TrustKind
{
    /// <summary>Any principal of the listed accounts (<c>"AWS": "arn:aws:iam::ID:root"</c>): "open".</summary>
    Accounts,

    /// <summary>Only the listed user or role ARNs (a role ARN admits every session of that role).</summary>
    Principals,

    /// <summary>Tokens of the sandbox's OIDC issuer (<c>sts:AssumeRoleWithWebIdentity</c>).</summary>
    WebIdentity,

    /// <summary>Assertions of the sandbox's SAML IdP (<c>sts:AssumeRoleWithSAML</c>).</summary>
    Saml,

    /// <summary>An AWS service (EC2 for instance roles, ECS tasks); only the sandbox's broker assumes these.</summary>
    Service,
}

/// <summary>
/// A role's trust policy, in the forms the sandbox evaluates itself (moto evaluates only part of them:
/// docs/sandbox.md "What is faithful"). Conditions combine: <see cref="ExternalId"/> and
/// <see cref="RequireMfa"/> may be added to any <see cref="TrustKind.Accounts"/> or
/// <see cref="TrustKind.Principals"/> trust.
/// </summary>
public sealed record Trust
{
    /// <summary>The kind of principal admitted.</summary>
    public TrustKind Kind { get; init; }

    /// <summary>Account ids (<see cref="TrustKind.Accounts"/>), ARNs (<see cref="TrustKind.Principals"/>), or a service name.</summary>
    public IReadOnlyList<string> Principals { get; init; } = [];

    /// <summary>When set, <c>sts:ExternalId</c> must equal this.</summary>
    public string? ExternalId { get; init; }

    /// <summary>When true, <c>aws:MultiFactorAuthPresent</c> must be true (MFA in this call or in the caller's session).</summary>
    public bool RequireMfa { get; init; }

    /// <summary>Web identity: the <c>aud</c> the token must carry.</summary>
    public string Audience { get; init; } = "sts.amazonaws.com";

    /// <summary>Web identity: when set, the <c>sub</c> the token must carry.</summary>
    public string? Subject { get; init; }

    /// <summary>SAML: the IAM SAML provider name (<c>arn:aws:iam::ACCOUNT:saml-provider/NAME</c>).</summary>
    public string SamlProvider { get; init; } = "SandboxIdP";

    /// <summary>Any principal of these accounts ("open" trust).</summary>
    public static Trust Accounts(params string[] accountIds) => new() { Kind = TrustKind.Accounts, Principals = accountIds };

    /// <summary>Only these user or role ARNs.</summary>
    public static Trust Principal(params string[] arns) => new() { Kind = TrustKind.Principals, Principals = arns };

    /// <summary>Tokens from the sandbox's OIDC issuer with this audience (and subject, when given).</summary>
    public static Trust WebIdentity(string audience = "sts.amazonaws.com", string? subject = null) =>
        new() { Kind = TrustKind.WebIdentity, Audience = audience, Subject = subject };

    /// <summary>Assertions from the sandbox's SAML IdP, through the named SAML provider.</summary>
    public static Trust Saml(string provider = "SandboxIdP") => new() { Kind = TrustKind.Saml, SamlProvider = provider };

    /// <summary>An AWS service principal such as <c>ec2.amazonaws.com</c>.</summary>
    public static Trust Service(string service) => new() { Kind = TrustKind.Service, Principals = [service] };

    /// <summary>This trust, also requiring <c>sts:ExternalId</c>.</summary>
    public Trust WithExternalId(string externalId) => this with { ExternalId = externalId };

    /// <summary>This trust, also requiring MFA.</summary>
    public Trust WithMfa() => this with { RequireMfa = true };
}
