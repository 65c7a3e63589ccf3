using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sesame.Sandbox.Sso;

/// <summary>
/// The SSO portal API (aws-wire-reference.md §3.3): ListAccounts, ListAccountRoles, GetRoleCredentials
/// (real moto credentials for the mapped <c>AWSReservedSSO_…</c> role), Logout.
/// </summary>
public sealed partial class IdentityCenterService
{
    private const int DefaultPageSize = 20;

    /// <summary>
    /// The IAM role Identity Center provisions for a permission set in an account:
    /// <c>AWSReservedSSO_{PermissionSet}_{16 hex}</c> under <c>/aws-reserved/sso.amazonaws.com/</c>. The
    /// suffix is derived from account and permission set, so it is stable across runs.
    /// </summary>
    public static Role ReservedRole(string accountId, string permissionSet, TimeSpan sessionDuration)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId}/{permissionSet}")))[..16];
        var duration = TimeSpan.FromSeconds(Math.Clamp(sessionDuration.TotalSeconds, 3600, 43200));
        return new Role($"AWSReservedSSO_{permissionSet}_{hash}", accountId, Trust.Saml($"AWSSSO_{hash}_DO_NOT_DELETE"))
        {
            Path = "/aws-reserved/sso.amazonaws.com/",
            MaxSessionDuration = duration,
        };
    }

    private SsoReply ListAccounts(SsoUser user, IQueryCollection query, Dictionary<string, string> parameters)
    {
        var accounts = Config.Accounts.Where(a => a.PermissionSets.Any(p => Config.IsAssigned(user, a.Id, p))).ToList();
        if (Page(query, parameters, "accounts", accounts.Count, out var start, out var size) is { } error)
        {
            return SsoReply.Fail(error, user.Name);
        }

        var list = new JsonArray(accounts.Skip(start).Take(size)
            .Select(a => (JsonNode)new JsonObject { ["accountId"] = a.Id, ["accountName"] = a.Name, ["emailAddress"] = a.Email }).ToArray());
        return SsoReply.Json(new JsonObject { ["nextToken"] = NextToken("accounts", start + size, accounts.Count), ["accountList"] = list }, user.Name);
    }

    private SsoReply ListAccountRoles(SsoUser user, IQueryCollection query, Dictionary<string, string> parameters)
    {
        var accountId = query["account_id"].ToString();
        parameters["accountId"] = accountId;
        if (accountId.Length == 0)
        {
            return SsoReply.Fail(SsoError.PortalInvalidRequest("account_id is required"), user.Name);
        }

        var account = Config.Accounts.FirstOrDefault(a => a.Id == accountId);
        var roles = account is null ? [] : account.PermissionSets.Where(p => Config.IsAssigned(user, accountId, p)).ToList();
        if (Page(query, parameters, "roles:" + accountId, roles.Count, out var start, out var size) is { } error)
        {
            return SsoReply.Fail(error, user.Name);
        }

        var list = new JsonArray(roles.Skip(start).Take(size)
            .Select(r => (JsonNode)new JsonObject { ["roleName"] = r, ["accountId"] = accountId }).ToArray());
        return SsoReply.Json(new JsonObject { ["nextToken"] = NextToken("roles:" + accountId, start + size, roles.Count), ["roleList"] = list }, user.Name);
    }

    private async Task<SsoReply> GetRoleCredentialsAsync(SsoUser user, IQueryCollection query, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var accountId = query["account_id"].ToString();
        var roleName = query["role_name"].ToString();
        parameters["accountId"] = accountId;
        parameters["roleName"] = roleName;
        if (accountId.Length == 0 || roleName.Length == 0)
        {
            return SsoReply.Fail(SsoError.PortalInvalidRequest("account_id and role_name are required"), user.Name);
        }

        if (!Config.IsAssigned(user, accountId, roleName))
        {
            // What users see in practice for a role they are not assigned (unmodeled in botocore).
            return SsoReply.Fail(new SsoError("ForbiddenException", 403, "No access"), user.Name);
        }

        var role = ReservedRole(accountId, roleName, Config.SessionDuration);
        await _directory.EnsureCreatedAsync(role, cancellationToken);
        var seconds = (int)Math.Clamp(Config.SessionDuration.TotalSeconds, 900, 43200);
        var (credential, _) = await _directory.BrokerAssumeRoleAsync(role.Arn, user.Name, seconds, mfa: false, cancellationToken);
        return SsoReply.Json(new JsonObject
        {
            ["roleCredentials"] = new JsonObject
            {
                ["accessKeyId"] = credential.AccessKeyId,
                ["secretAccessKey"] = credential.SecretAccessKey,
                ["sessionToken"] = credential.SessionToken,
                ["expiration"] = credential.Expiration!.Value.ToUnixTimeMilliseconds(),
            },
        }, user.Name);
    }

    private SsoReply Logout(string token, SsoUser user)
    {
        lock (_lock)
        {
            _accessTokens[token].Revoked = true;
        }

        return new SsoReply(200, null, null, user.Name);
    }

    /// <summary>The user a portal bearer token belongs to, or null when unknown, expired or logged out.</summary>
    private SsoUser? Bearer(HttpContext context, out string token)
    {
        token = context.Request.Headers["x-amz-sso_bearer_token"].ToString();
        lock (_lock)
        {
            return _accessTokens.TryGetValue(token, out var access) && !access.Revoked && access.ExpiresAt > _directory.Clock.GetUtcNow()
                ? Config.FindUser(access.User)
                : null;
        }
    }

    private static SsoError? Page(IQueryCollection query, Dictionary<string, string> parameters, string scope, int total, out int start, out int size)
    {
        start = 0;
        size = DefaultPageSize;
        var max = query["max_result"].ToString();
        if (max.Length > 0)
        {
            parameters["maxResults"] = max;
            if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 100)
            {
                return SsoError.PortalInvalidRequest("max_result must be between 1 and 100");
            }
        }

        var next = query["next_token"].ToString();
        if (next.Length > 0)
        {
            parameters["nextToken"] = next;
            var decoded = TryDecode(next);
            var prefix = scope + ":";
            if (decoded is null || !decoded.StartsWith(prefix, StringComparison.Ordinal)
                || !int.TryParse(decoded[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > total)
            {
                return SsoError.PortalInvalidRequest("Invalid next token");
            }
        }

        return null;
    }

    private static string? NextToken(string scope, int next, int total) =>
        next >= total ? null : Base64Url(Encoding.UTF8.GetBytes($"{scope}:{next.ToString(CultureInfo.InvariantCulture)}"));

    private static string? TryDecode(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
