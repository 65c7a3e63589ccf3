using System.Globalization;

namespace Sesame.Sandbox;

/// <summary>IAM Identity Center: a start URL, accounts with permission sets, and users.</summary>
public sealed class IdentityCenter
{
    /// <summary>The AWS access portal URL. Only ever sent as data (never fetched), so a fake AWS-owned one is used.</summary>
    public string StartUrl { get; init; } = "https://d-1234567890.awsapps.com/start";

    /// <summary>The Identity Center region (<c>sso_region</c>).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Accounts and the permission sets available in each.</summary>
    public List<SsoAccount> Accounts { get; init; } = [];

    /// <summary>Users who can sign in; the first is the default for approvals.</summary>
    public List<SsoUser> Users { get; init; } = [new("alice")];

    /// <summary>Session duration of every permission set (AWS's default is one hour).</summary>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// An organisation of <paramref name="accountCount"/> accounts (ids 100000000000 upwards), each with the
    /// same permission sets: the shape of the "populate thousands of accounts" scenario. Cheap: roles are
    /// created in moto only when their credentials are first asked for.
    /// </summary>
    public static IdentityCenter Generated(int accountCount, params string[] permissionSets)
    {
        var accounts = new List<SsoAccount>(accountCount);
        for (var i = 0; i < accountCount; i++)
        {
            var id = (100_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
            accounts.Add(new SsoAccount(id, $"account-{i:D4}", permissionSets));
        }

        return new IdentityCenter { Accounts = accounts };
    }

    /// <summary>The user with this name, or null.</summary>
    public SsoUser? FindUser(string name) => Users.FirstOrDefault(u => u.Name == name);

    /// <summary>True when <paramref name="user"/> is assigned <paramref name="permissionSet"/> in <paramref name="accountId"/>.</summary>
    public bool IsAssigned(SsoUser user, string accountId, string permissionSet)
    {
        var account = Accounts.FirstOrDefault(a => a.Id == accountId);
        if (account is null || !account.PermissionSets.Contains(permissionSet))
        {
            return false;
        }

        return user.Assignments is null || user.Assignments.Any(a => a.AccountId == accountId && a.PermissionSet == permissionSet);
    }

    internal void Validate()
    {
        if (Users.Count == 0)
        {
            throw new ArgumentException("IdentityCenter needs at least one user");
        }

        if (Accounts.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count() != Accounts.Count)
        {
            throw new ArgumentException("IdentityCenter account ids must be unique");
        }
    }
}

/// <summary>An account in IAM Identity Center.</summary>
/// <param name="Id">12-digit account id (need not be among <see cref="Organisation.Accounts"/>).</param>
/// <param name="Name">Account name shown by ListAccounts.</param>
/// <param name="PermissionSets">Permission set names available in the account.</param>
public sealed record SsoAccount(string Id, string Name, IReadOnlyList<string> PermissionSets)
{
    /// <summary>The account's e-mail address as ListAccounts shows it.</summary>
    public string Email { get; init; } = $"{Name}@example.com";
}

/// <summary>An Identity Center user.</summary>
/// <param name="Name">User name; also the role session name of credentials from GetRoleCredentials.</param>
public sealed record SsoUser(string Name)
{
    /// <summary>The user's assignments; null means every permission set of every account.</summary>
    public IReadOnlyList<SsoAssignment>? Assignments { get; init; }
}

/// <summary>One permission set in one account, assigned to a user.</summary>
/// <param name="AccountId">Account id.</param>
/// <param name="PermissionSet">Permission set name.</param>
public sealed record SsoAssignment(string AccountId, string PermissionSet);
