using System.Security.Cryptography;
using Sesame.Sandbox.Hosting;
using Directory = Sesame.Sandbox.Moto.Directory;

namespace Sesame.Sandbox.Sso;

/// <summary>
/// IAM Identity Center: SSO-OIDC (client registration, device and authorization-code + PKCE flows,
/// refresh) and the SSO portal (accounts, roles, role credentials from moto, logout), per
/// aws-wire-reference.md §3. Both APIs share one endpoint (their paths do not overlap): point both
/// AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO at <see cref="Endpoint"/>.
/// Tests act as the user through <see cref="ApproveDevice"/>, <see cref="AuthorizeAsync"/> or <see cref="AutoApprove"/>.
/// </summary>
public sealed partial class IdentityCenterService
{
    private readonly Directory _directory;
    private readonly SandboxOptions _options;
    private readonly object _lock = new();
    private readonly Dictionary<string, ClientRegistration> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceGrant> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationGrant> _authorizations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshToken> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private TaskCompletionSource _deviceStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _forcedSlowDowns;

    internal IdentityCenterService(Directory directory, SandboxOptions options)
    {
        _directory = directory;
        _options = options;
        Config = directory.Organisation.IdentityCenter ?? new IdentityCenter();
    }

    /// <summary>The organisation's Identity Center (an empty one when it has none).</summary>
    public IdentityCenter Config { get; }

    /// <summary>OIDC and portal endpoint, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Endpoint { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>The start URL clients must use.</summary>
    public string StartUrl => Config.StartUrl;

    /// <summary>The Identity Center region.</summary>
    public string Region => Config.Region;

    /// <summary>Every OIDC and portal call, in order.</summary>
    public CallLog<SsoCall> Calls { get; } = new();

    /// <summary>Fault knobs (Throttling = 429 TooManyRequestsException; ExpiredToken = 401 on the portal).</summary>
    public FaultPlan Faults { get; } = new();

    /// <summary>
    /// When set to a user name, every device authorization and authorization request is approved as that
    /// user at once (a user already signed in at the portal who clicks "Allow"). Null (default) waits for
    /// an explicit approval.
    /// </summary>
    public string? AutoApprove { get; set; }

    /// <summary>Device authorizations so far.</summary>
    public IReadOnlyList<DeviceAuthorization> DeviceAuthorizations
    {
        get
        {
            lock (_lock)
            {
                return _devices.Values.Select(d => new DeviceAuthorization(d.UserCode, d.Client.ClientName, d.ExpiresAt, d.Status)).ToList();
            }
        }
    }

    /// <summary>Authorization-code requests so far.</summary>
    public IReadOnlyList<AuthorizationRequest> AuthorizationRequests
    {
        get
        {
            lock (_lock)
            {
                return _authorizations.Values.Select(a => new AuthorizationRequest(a.Id, a.Client.ClientName, a.RedirectUri, a.Status)).ToList();
            }
        }
    }

    /// <summary>Waits for a device authorization that is still pending, and returns it.</summary>
    public async Task<DeviceAuthorization> WaitForDeviceAuthorizationAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task started;
            lock (_lock)
            {
                var pending = _devices.Values.FirstOrDefault(d => d.Status == ApprovalStatus.Pending);
                if (pending is not null)
                {
                    return new DeviceAuthorization(pending.UserCode, pending.Client.ClientName, pending.ExpiresAt, pending.Status);
                }

                started = _deviceStarted.Task;
            }

            try
            {
                await started.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no pending device authorization within {timeout}; SSO calls so far:\n{Calls}");
            }
        }
    }

    /// <summary>Approves a device authorization as <paramref name="user"/> (default: the first Identity Center user).</summary>
    public void ApproveDevice(string userCode, string? user = null) => DecideDevice(userCode, approve: true, user);

    /// <summary>Denies a device authorization: the client's next poll gets <c>access_denied</c>.</summary>
    public void DenyDevice(string userCode) => DecideDevice(userCode, approve: false, null);

    /// <summary>Answers the client's next <paramref name="times"/> device-code polls with <c>slow_down</c>.</summary>
    public void ForceSlowDown(int times)
    {
        lock (_lock)
        {
            _forcedSlowDowns = times;
        }
    }

    /// <summary>
    /// Throttles portal operations to <paramref name="requestsPerSecond"/> each (a token bucket per
    /// operation holding <paramref name="burst"/> requests, default one second's worth); excess requests
    /// get 429 TooManyRequestsException. No operations named: ListAccounts, ListAccountRoles, GetRoleCredentials.
    /// </summary>
    public void Throttle(double requestsPerSecond, double? burst = null, params string[] operations)
    {
        var names = operations.Length > 0 ? operations : ["ListAccounts", "ListAccountRoles", "GetRoleCredentials"];
        lock (_lock)
        {
            foreach (var name in names)
            {
                _buckets[name] = new TokenBucket(requestsPerSecond, burst ?? Math.Max(1, requestsPerSecond));
            }
        }
    }

    /// <summary>Removes all throttling.</summary>
    public void Unthrottle()
    {
        lock (_lock)
        {
            _buckets.Clear();
        }
    }

    /// <summary>Makes every access token issued so far expired (refresh tokens stay valid).</summary>
    public void ExpireAccessTokens()
    {
        lock (_lock)
        {
            foreach (var key in _accessTokens.Keys.ToList())
            {
                _accessTokens[key] = _accessTokens[key] with { ExpiresAt = _directory.Clock.GetUtcNow().AddSeconds(-1) };
            }
        }
    }

    /// <summary>How many access tokens are valid now.</summary>
    public int ValidAccessTokens
    {
        get
        {
            lock (_lock)
            {
                var now = _directory.Clock.GetUtcNow();
                return _accessTokens.Values.Count(t => !t.Revoked && t.ExpiresAt > now);
            }
        }
    }

    /// <summary>Mints an access token for <paramref name="user"/> directly, as if they had logged in (for portal-only tests).</summary>
    public string IssueAccessToken(string? user = null)
    {
        var name = ResolveUser(user);
        var token = "aoa" + Random(96);
        lock (_lock)
        {
            _accessTokens[token] = new AccessToken(name, "sandbox", _directory.Clock.GetUtcNow() + _options.SsoAccessTokenLifetime);
        }

        return token;
    }

    internal static string Random(int length) =>
        Sts.CredentialMint.RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    internal static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string PkceChallenge(string verifier) => Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));

    private string ResolveUser(string? user)
    {
        var name = user ?? Config.Users[0].Name;
        return Config.FindUser(name) is null
            ? throw new ArgumentException($"no Identity Center user '{name}'; known: {string.Join(", ", Config.Users.Select(u => u.Name))}")
            : name;
    }

    private void DecideDevice(string userCode, bool approve, string? user)
    {
        var name = approve ? ResolveUser(user) : null;
        lock (_lock)
        {
            var grant = _devices.Values.FirstOrDefault(d => string.Equals(d.UserCode, userCode.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"no device authorization with user code {userCode}");
            if (grant.Status != ApprovalStatus.Pending)
            {
                throw new InvalidOperationException($"device authorization {userCode} is already {grant.Status}");
            }

            grant.Status = approve ? ApprovalStatus.Approved : ApprovalStatus.Denied;
            grant.User = name;
        }
    }
}
