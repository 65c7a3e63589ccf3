using System.Globalization;
using Sesame.Core.Aws.Wire;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// <see cref="ISsoPortalClient"/> over the IAM Identity Center portal's REST-JSON API
/// (aws-wire-reference §3.3), Sesame's own: unsigned calls carrying the access token in
/// <c>x-amz-sso_bearer_token</c>. The region is <c>sso_region</c>; a configured endpoint
/// (<c>AWS_ENDPOINT_URL_SSO</c>, <c>AWS_ENDPOINT_URL</c>, <c>[services]</c>, <c>endpoint_url</c>) is
/// used as is, otherwise the portal's endpoint rules (<see cref="EndpointRules.SsoPortal"/>:
/// <c>portal.sso.{region}.amazonaws.com</c>, FIPS and dual-stack variants, partitions).
/// </summary>
internal sealed class SsoPortalClient : ISsoPortalClient
{
    private const string Service = "SSO";
    private const string BearerHeader = "x-amz-sso_bearer_token";

    private readonly AwsEndpoint _endpoint;
    private readonly AwsTransport _transport;
    private string? _base;

    public SsoPortalClient(AwsEndpoint endpoint, AwsTransport transport)
    {
        _endpoint = endpoint;
        _transport = transport;
    }

    // The endpoint without a trailing '/', resolved on first use (a bad region fails the call that needs it).
    private string Base => _base ??= EndpointRules.SsoPortal(_endpoint).Url.AbsoluteUri.TrimEnd('/');

    public Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
        => Get("GetRoleCredentials", $"/federation/credentials?account_id={Escape(accountId)}&role_name={Escape(roleName)}", accessToken, answer =>
        {
            var role = AwsJsonValue.Parse(answer.Body)["roleCredentials"];
            var keyId = role["accessKeyId"].String;
            var secret = role["secretAccessKey"].String;
            if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret))
            {
                throw new FormatException("the answer has no roleCredentials");
            }

            // The portal sends the expiry in epoch milliseconds.
            return new AwsCredentials(
                keyId,
                secret,
                role["sessionToken"].String,
                role["expiration"].Int64 is { } milliseconds and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null,
                accountId);
        }, cancellationToken);

    public Task<SsoPage<SsoAccountInfo>> ListAccountsAsync(string accessToken, string? nextToken, int maxResults, CancellationToken cancellationToken)
        => Get("ListAccounts", "/assignment/accounts?" + Paging(nextToken, maxResults), accessToken, answer =>
        {
            var page = AwsJsonValue.Parse(answer.Body);
            var items = new List<SsoAccountInfo>();
            foreach (var account in page["accountList"].Items)
            {
                var id = account["accountId"].String ?? string.Empty;
                items.Add(new SsoAccountInfo(id, Platform.TerminalText.Sanitize(account["accountName"].String, 300) ?? id, Platform.TerminalText.Sanitize(account["emailAddress"].String, 300)));
            }

            return new SsoPage<SsoAccountInfo>(items, NextToken(page));
        }, cancellationToken);

    public Task<SsoPage<SsoRoleInfo>> ListAccountRolesAsync(string accessToken, string accountId, string? nextToken, int maxResults, CancellationToken cancellationToken)
        => Get("ListAccountRoles", $"/assignment/roles?account_id={Escape(accountId)}&" + Paging(nextToken, maxResults), accessToken, answer =>
        {
            var page = AwsJsonValue.Parse(answer.Body);
            var items = new List<SsoRoleInfo>();
            foreach (var role in page["roleList"].Items)
            {
                items.Add(new SsoRoleInfo(role["accountId"].String ?? accountId, role["roleName"].String ?? string.Empty));
            }

            return new SsoPage<SsoRoleInfo>(items, NextToken(page));
        }, cancellationToken);

    public Task LogoutAsync(string accessToken, CancellationToken cancellationToken)
        => Send(HttpMethod.Post, "Logout", "/logout", accessToken, _ => true, cancellationToken);

    private static string Paging(string? nextToken, int maxResults)
        => $"max_result={maxResults.ToString(CultureInfo.InvariantCulture)}" + (nextToken is null ? string.Empty : "&next_token=" + Escape(nextToken));

    private static string? NextToken(AwsJsonValue page) => page["nextToken"].String is { Length: > 0 } token ? token : null;

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private Task<T> Get<T>(string operation, string pathAndQuery, string accessToken, Func<AwsAnswer, T> read, CancellationToken cancellationToken)
        => Send(HttpMethod.Get, operation, pathAndQuery, accessToken, read, cancellationToken);

    private Task<T> Send<T>(HttpMethod method, string operation, string pathAndQuery, string accessToken, Func<AwsAnswer, T> read, CancellationToken cancellationToken)
    {
        var request = new AwsRequest(
            Service,
            operation,
            method,
            new Uri(Base + pathAndQuery),
            method == HttpMethod.Post ? [] : null,
            null,
            [new(BearerHeader, accessToken)],
            Sign: null,
            RestJson.ReadError,
            []);
        return _transport.CallAsync(request, read, cancellationToken);
    }
}

/// <summary>
/// <see cref="ISsoClientFactory"/> for Sesame's own IAM Identity Center clients (portal and OIDC)
/// over the HTTP seam and the clock.
/// </summary>
public sealed class SsoClientFactory : ISsoClientFactory
{
    private readonly AwsTransport _transport;

    /// <summary>Creates the factory.</summary>
    /// <param name="http">HTTP settings (attempts, timeout, a test handler); <c>null</c> for the defaults.</param>
    /// <param name="time">The clock the retry backoff waits on; <c>null</c> for the system clock.</param>
    public SsoClientFactory(AwsHttpOptions? http = null, TimeProvider? time = null)
        => _transport = new AwsTransport(http ?? new AwsHttpOptions(), time ?? TimeProvider.System);

    /// <inheritdoc />
    public ISsoOidcClient CreateOidc(AwsEndpoint endpoint) => new SsoOidcClient(endpoint, _transport);

    /// <inheritdoc />
    public ISsoPortalClient CreatePortal(AwsEndpoint endpoint) => new SsoPortalClient(endpoint, _transport);

    /// <summary>A portal client (the engine builds one per SSO link).</summary>
    internal static ISsoPortalClient Portal(AwsEndpoint endpoint, AwsHttpOptions? http, TimeProvider time)
        => new SsoPortalClient(endpoint, new AwsTransport(http ?? new AwsHttpOptions(), time));
}
