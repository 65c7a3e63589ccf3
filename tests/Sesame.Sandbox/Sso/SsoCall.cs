using Sesame.Sandbox.Hosting;

namespace Sesame.Sandbox.Sso;

/// <summary>One call to the SSO-OIDC or portal endpoints.</summary>
/// <param name="Time">When it arrived (sandbox clock).</param>
/// <param name="Action">Operation: RegisterClient, StartDeviceAuthorization, CreateToken, Authorize, ListAccounts, ListAccountRoles, GetRoleCredentials, Logout.</param>
/// <param name="Parameters">Non-secret inputs: clientName, clientId, grantType, startUrl, accountId, roleName, maxResults, nextToken, scopes.</param>
/// <param name="User">The Identity Center user the bearer token or code belongs to, when known.</param>
/// <param name="Status">HTTP status answered.</param>
/// <param name="ErrorCode">The error shape answered (e.g. <c>AuthorizationPendingException</c>), or null.</param>
public sealed record SsoCall(DateTimeOffset Time, string Action, IReadOnlyDictionary<string, string> Parameters, string? User, int Status, string? ErrorCode) : IRecordedCall
{
    /// <summary>True on success.</summary>
    public bool Succeeded => ErrorCode is null && Status is >= 200 and < 300;

    /// <summary>A parameter's value, or null.</summary>
    public string? this[string parameter] => Parameters.GetValueOrDefault(parameter);

    /// <inheritdoc />
    public string Describe() =>
        $"{Action} {string.Join(' ', Parameters.Select(p => $"{p.Key}={p.Value}"))} by {User ?? "-"} -> {Status}{(ErrorCode is null ? string.Empty : " " + ErrorCode)}";
}
