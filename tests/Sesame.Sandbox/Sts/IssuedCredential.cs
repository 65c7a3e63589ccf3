namespace Sesame.Sandbox.Sts;

/// <summary>What kind of principal a key belongs to.</summary>
public enum CredentialKind
{
    /// <summary>An IAM user's long-term key (AKIA…).</summary>
    User,

    /// <summary>An assumed-role session issued by moto (AssumeRole, SSO, instance/container, web identity, SAML).</summary>
    AssumedRole,

    /// <summary>A GetSessionToken session minted by the STS front.</summary>
    Session,

    /// <summary>A GetFederationToken session minted by the STS front.</summary>
    Federated,

    /// <summary>The sandbox's internal broker user.</summary>
    Broker,
}

/// <summary>A key the sandbox knows: its secret (to verify or re-sign), whose it is, and how it was made.</summary>
internal sealed record IssuedCredential(
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken,
    CredentialKind Kind,
    string PrincipalArn,
    string AccountId,
    DateTimeOffset? Expiration)
{
    /// <summary>For sessions and federated sessions: the IAM user behind them.</summary>
    public string? UserName { get; init; }

    /// <summary>True when MFA was authenticated when this session was made (aws:MultiFactorAuthPresent).</summary>
    public bool Mfa { get; init; }

    /// <summary>For assumed roles: the role's ARN.</summary>
    public string? RoleArn { get; init; }

    /// <summary>Redacted.</summary>
    public override string ToString() => $"{Kind} {AccessKeyId} ({PrincipalArn})";
}

/// <summary>Every key the sandbox has seen or made, by key id. Thread-safe.</summary>
internal sealed class CredentialRegistry
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IssuedCredential> _byKey = new(StringComparer.Ordinal);

    public void Add(IssuedCredential credential) => _byKey[credential.AccessKeyId] = credential;

    public IssuedCredential? Find(string accessKeyId) => _byKey.GetValueOrDefault(accessKeyId);

    public IssuedCredential? FindUser(string userName) =>
        _byKey.Values.FirstOrDefault(c => c.Kind == CredentialKind.User && c.UserName == userName);
}
