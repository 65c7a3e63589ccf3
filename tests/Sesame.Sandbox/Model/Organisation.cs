namespace Sesame.Sandbox;

/// <summary>
/// A declarative description of an AWS organisation for the sandbox to build: accounts, IAM users (with
/// access keys and optional virtual MFA devices), roles with trust policies, IAM Identity Center, and the
/// roles served as instance and container credentials. See docs/sandbox.md for a worked example.
/// </summary>
public sealed class Organisation
{
    /// <summary>The account that holds the sandbox's internal broker user; reserved, not for org use.</summary>
    public const string BrokerAccountId = "999999999999";

    /// <summary>Accounts; users and roles name them by id. Accounts only used by SSO need not be listed.</summary>
    public List<Account> Accounts { get; init; } = [];

    /// <summary>IAM users; each gets one access key (read it back from <c>Sandbox.Users</c>).</summary>
    public List<IamUser> Users { get; init; } = [];

    /// <summary>IAM roles.</summary>
    public List<Role> Roles { get; init; } = [];

    /// <summary>IAM Identity Center (SSO), or null for none.</summary>
    public IdentityCenter? IdentityCenter { get; init; }

    /// <summary>
    /// Users of the sandbox's ADFS-style SAML IdP. By default one user, <c>alice</c> with password
    /// <c>alice-password</c>, who may assume every role whose trust is <see cref="TrustKind.Saml"/>.
    /// </summary>
    public List<SamlUser> SamlUsers { get; init; } = [new SamlUser("alice", "alice-password")];

    /// <summary>ARN of the role the instance-metadata endpoint serves, or null for none.</summary>
    public string? InstanceRole { get; init; }

    /// <summary>ARN of the role the container-credentials endpoint serves; defaults to <see cref="InstanceRole"/>.</summary>
    public string? ContainerRole { get; init; }

    /// <summary>The role with this ARN, or null.</summary>
    public Role? FindRole(string arn) => Roles.FirstOrDefault(r => r.Arn == arn);

    /// <summary>The user with this name, or null.</summary>
    public IamUser? FindUser(string name) => Users.FirstOrDefault(u => u.Name == name);

    /// <summary>The default organisation of <c>scripts/try</c> and the runnable program.</summary>
    public static Organisation Demo() => DemoOrganisation.Create();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public void Validate()
    {
        var accounts = Accounts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var account in Accounts)
        {
            if (account.Id.Length != 12 || !account.Id.All(char.IsAsciiDigit))
            {
                throw new ArgumentException($"account id '{account.Id}' must be 12 digits");
            }

            if (account.Id == BrokerAccountId)
            {
                throw new ArgumentException($"account {BrokerAccountId} is reserved for the sandbox's broker");
            }
        }

        foreach (var user in Users)
        {
            Require(accounts.Contains(user.AccountId), $"user {user.Name} names account {user.AccountId}, which is not in Accounts");
        }

        Require(Users.Select(u => u.Name).Distinct(StringComparer.Ordinal).Count() == Users.Count, "user names must be unique (the sandbox looks users up by name)");
        Require(Roles.Select(r => r.Arn).Distinct(StringComparer.Ordinal).Count() == Roles.Count, "role ARNs must be unique");
        foreach (var role in Roles)
        {
            Require(accounts.Contains(role.AccountId), $"role {role.Name} names account {role.AccountId}, which is not in Accounts");
            Require(role.MaxSessionDuration >= TimeSpan.FromHours(1) && role.MaxSessionDuration <= TimeSpan.FromHours(12),
                $"role {role.Name}: MaxSessionDuration must be 1 to 12 hours (IAM's limit)");
        }

        foreach (var arn in new[] { InstanceRole, ContainerRole })
        {
            Require(arn is null || FindRole(arn) is not null, $"instance/container role {arn} is not in Roles");
        }

        IdentityCenter?.Validate();
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}

/// <summary>An AWS account.</summary>
/// <param name="Id">12-digit account id.</param>
/// <param name="Alias">A short name used in generated profiles and listings.</param>
public sealed record Account(string Id, string Alias);

/// <summary>An IAM user with one access key.</summary>
/// <param name="Name">User name (unique in the organisation).</param>
/// <param name="AccountId">The account the user lives in.</param>
public sealed record IamUser(string Name, string AccountId)
{
    /// <summary>True to give the user a virtual MFA device named after the user.</summary>
    public bool HasMfa { get; init; }

    /// <summary>Base32 TOTP seed for the MFA device; a random one when null.</summary>
    public string? MfaSeed { get; init; }

    /// <summary>Identity policy JSON; null means allow everything.</summary>
    public string? Policy { get; init; }

    /// <summary>The user's ARN.</summary>
    public string Arn => $"arn:aws:iam::{AccountId}:user/{Name}";

    /// <summary>The virtual MFA device's serial (an ARN), whether or not the user has one.</summary>
    public string MfaSerial => $"arn:aws:iam::{AccountId}:mfa/{Name}";
}

/// <summary>A user of the sandbox's SAML IdP.</summary>
/// <param name="Name">User name (also the RoleSessionName attribute, as <c>NAME@example.com</c>).</param>
/// <param name="Password">Password for the IdP's login form.</param>
public sealed record SamlUser(string Name, string Password)
{
    /// <summary>Role ARNs the assertion offers; null means every SAML-trusting role of the organisation.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The second factor after the forms login, or null for none.</summary>
    public SamlMfa? Mfa { get; init; }

    /// <summary>The SessionDuration attribute of this user's assertions, or null for none.</summary>
    public TimeSpan? SessionDuration { get; init; }

    /// <summary>Redacted.</summary>
    public override string ToString() => $"SamlUser {{ Name = {Name}, Password = ** redacted ** }}";
}

/// <summary>An IAM role.</summary>
/// <param name="Name">Role name.</param>
/// <param name="AccountId">The account the role lives in.</param>
/// <param name="Trust">Who may assume it, and on what conditions.</param>
public sealed record Role(string Name, string AccountId, Trust Trust)
{
    /// <summary>IAM MaxSessionDuration (1 to 12 hours).</summary>
    public TimeSpan MaxSessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Permissions policy JSON; null means allow everything.</summary>
    public string? Policy { get; init; }

    /// <summary>IAM path, e.g. <c>/aws-reserved/sso.amazonaws.com/</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The role's ARN (paths are not part of role ARNs as trust policies and STS use them here).</summary>
    public string Arn => $"arn:aws:iam::{AccountId}:role/{Name}";
}
