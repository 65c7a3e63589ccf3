using System.Text;
using System.Text.RegularExpressions;

namespace Sesame.Sandbox.Clients;

/// <summary>
/// Profiles for an organisation, as people write them: one per IAM user (keys in the credentials file),
/// one per role (source_profile, mfa_serial, external_id, chains through role principals), web identity,
/// instance/container sources, and an sso-session with a profile per SSO account and permission set
/// (the first 10 accounts). For the demo organisation:
/// <c>alice</c>, <c>bob</c>, <c>dev-developer</c>, <c>prod-deploy</c> (MFA), <c>prod-auditor</c> (external id),
/// <c>dev-chain-one</c> → <c>prod-chain-two</c> → <c>prod-chain-three</c>, <c>prod-web-identity-deploy</c>,
/// <c>dev-developer-from-instance</c>, <c>dev-developer-from-container</c>, <c>sso-dev-read-only</c>, ….
/// </summary>
public static partial class SandboxProfiles
{
    /// <summary>The sso-session section name.</summary>
    public const string SsoSession = "sandbox";

    /// <summary>The profiles rendered for a sandbox.</summary>
    /// <param name="Config">Text of the config file.</param>
    /// <param name="Credentials">Text of the credentials file.</param>
    /// <param name="Files">Other files the profiles name (web identity token), by full path.</param>
    /// <param name="Profiles">Profile names in order, each with a one-line description.</param>
    public sealed record Rendered(string Config, string Credentials, IReadOnlyDictionary<string, string> Files, IReadOnlyList<(string Name, string Description)> Profiles);

    /// <summary>Renders the profiles; files they reference are placed under <paramref name="homePath"/>.</summary>
    public static Rendered Render(Sandbox sandbox, string homePath)
    {
        var org = sandbox.Organisation;
        var config = new StringBuilder();
        var credentials = new StringBuilder();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var profiles = new List<(string, string)>();
        var roleProfiles = new Dictionary<string, string>(StringComparer.Ordinal);
        config.Append("[default]\nregion = ").Append(sandbox.Region).Append("\n\n");

        foreach (var user in sandbox.Users.Values)
        {
            credentials.Append('[').Append(user.Name).Append("]\naws_access_key_id = ").Append(user.AccessKeyId)
                .Append("\naws_secret_access_key = ").Append(user.SecretAccessKey).Append("\n\n");
            config.Append("[profile ").Append(user.Name).Append("]\nregion = ").Append(sandbox.Region).Append('\n');
            if (user.MfaSerial is not null)
            {
                config.Append("mfa_serial = ").Append(user.MfaSerial).Append('\n');
            }

            config.Append('\n');
            profiles.Add((user.Name, $"IAM user {user.Arn}{(user.MfaSerial is null ? string.Empty : " (with MFA)")}"));
        }

        // Roles whose principals are roles come after those roles, so chains render in order.
        var pending = org.Roles.Where(r => r.Trust.Kind is TrustKind.Accounts or TrustKind.Principals or TrustKind.WebIdentity).ToList();
        for (var pass = 0; pass < 10 && pending.Count > 0; pass++)
        {
            foreach (var role in pending.ToList())
            {
                var name = $"{Alias(org, role.AccountId)}-{Kebab(role.Name)}";
                var section = new StringBuilder("[profile ").Append(name).Append("]\nrole_arn = ").Append(role.Arn).Append('\n');
                string description;
                if (role.Trust.Kind == TrustKind.WebIdentity)
                {
                    var tokenFile = Path.Combine(homePath, "web-identity-token");
                    files[tokenFile] = sandbox.WebIdentity.IssueToken(role.Trust.Subject ?? "system:serviceaccount:default:app", role.Trust.Audience, TimeSpan.FromHours(12));
                    section.Append("web_identity_token_file = ").Append(tokenFile).Append("\nrole_session_name = web-identity\n");
                    description = $"web identity token -> {role.Arn}";
                }
                else if (Source(sandbox, role, roleProfiles) is { } source)
                {
                    section.Append("source_profile = ").Append(source.Profile).Append('\n');
                    if (role.Trust.RequireMfa && source.MfaSerial is not null)
                    {
                        section.Append("mfa_serial = ").Append(source.MfaSerial).Append('\n');
                    }

                    if (role.Trust.ExternalId is not null)
                    {
                        section.Append("external_id = ").Append(role.Trust.ExternalId).Append('\n');
                    }

                    description = $"{source.Profile} -> {role.Arn}{(role.Trust.RequireMfa ? " (MFA)" : string.Empty)}{(role.Trust.ExternalId is null ? string.Empty : " (external id)")}";
                }
                else
                {
                    continue;
                }

                config.Append(section).Append('\n');
                roleProfiles[role.Arn] = name;
                profiles.Add((name, description));
                pending.Remove(role);
            }
        }

        InstanceProfiles(sandbox, config, profiles);
        SsoProfiles(sandbox, config, profiles);
        return new Rendered(config.ToString(), credentials.ToString(), files, profiles);
    }

    private static (string Profile, string? MfaSerial)? Source(Sandbox sandbox, Role role, Dictionary<string, string> roleProfiles)
    {
        var trust = role.Trust;
        foreach (var user in sandbox.Users.Values.OrderByDescending(u => trust.RequireMfa && u.MfaSerial is not null))
        {
            var admitted = trust.Kind == TrustKind.Accounts ? trust.Principals.Contains(user.AccountId) : trust.Principals.Contains(user.Arn);
            if (admitted && (!trust.RequireMfa || user.MfaSerial is not null))
            {
                return (user.Name, user.MfaSerial);
            }
        }

        foreach (var principal in trust.Principals)
        {
            if (roleProfiles.TryGetValue(principal, out var profile) && !trust.RequireMfa)
            {
                return (profile, null);
            }
        }

        return null;
    }

    private static void InstanceProfiles(Sandbox sandbox, StringBuilder config, List<(string, string)> profiles)
    {
        var org = sandbox.Organisation;
        var instance = org.InstanceRole is null ? null : org.FindRole(org.InstanceRole);
        if (instance is null)
        {
            return;
        }

        var target = org.Roles.FirstOrDefault(r => r.Trust is { Kind: TrustKind.Accounts, RequireMfa: false, ExternalId: null } && r.Trust.Principals.Contains(instance.AccountId));
        if (target is null)
        {
            return;
        }

        foreach (var (suffix, source) in new[] { ("from-instance", "Ec2InstanceMetadata"), ("from-container", "EcsContainer") })
        {
            var name = $"{Alias(org, target.AccountId)}-{Kebab(target.Name)}-{suffix}";
            config.Append("[profile ").Append(name).Append("]\nrole_arn = ").Append(target.Arn).Append("\ncredential_source = ").Append(source).Append("\n\n");
            profiles.Add((name, $"{source} ({instance.Name}) -> {target.Arn}"));
        }
    }

    private static void SsoProfiles(Sandbox sandbox, StringBuilder config, List<(string, string)> profiles)
    {
        if (sandbox.Organisation.IdentityCenter is not { } sso)
        {
            return;
        }

        config.Append("[sso-session ").Append(SsoSession).Append("]\nsso_start_url = ").Append(sso.StartUrl)
            .Append("\nsso_region = ").Append(sso.Region).Append("\nsso_registration_scopes = sso:account:access\n\n");
        foreach (var account in sso.Accounts.Take(10))
        {
            foreach (var permissionSet in account.PermissionSets)
            {
                var name = $"sso-{Kebab(account.Name)}-{Kebab(permissionSet)}";
                config.Append("[profile ").Append(name).Append("]\nsso_session = ").Append(SsoSession).Append("\nsso_account_id = ").Append(account.Id)
                    .Append("\nsso_role_name = ").Append(permissionSet).Append("\nregion = ").Append(sandbox.Region).Append("\n\n");
                profiles.Add((name, $"IAM Identity Center: {permissionSet} in {account.Name} ({account.Id})"));
            }
        }
    }

    private static string Alias(Organisation org, string accountId) => org.Accounts.FirstOrDefault(a => a.Id == accountId)?.Alias ?? accountId;

    private static string Kebab(string name) => CamelBoundary().Replace(name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();
}
