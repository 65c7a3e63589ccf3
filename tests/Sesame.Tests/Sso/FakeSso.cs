using System.Collections.Concurrent;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;

namespace Sesame.Tests.Sso;

/// <summary>A scripted SSO-OIDC service: records every call; answers from queues or handlers; fails loudly on anything unscripted.</summary>
internal sealed class FakeOidc : ISsoOidcClient
{
    public const string Endpoint = "https://oidc.us-east-1.amazonaws.com";

    public ConcurrentQueue<object> Calls { get; } = new();

    public List<OidcRegisterRequest> Registrations { get; } = [];

    public List<OidcTokenRequest> TokenRequests { get; } = [];

    public int RegisterCount;

    public Func<OidcTokenRequest, OidcTokenResult>? OnCreateToken { get; set; }

    public Func<OidcDeviceAuthorization>? OnStartDevice { get; set; }

    public Func<OidcRegisterRequest, OidcClientRegistration>? OnRegister { get; set; }

    public string EndpointUrl => Endpoint;

    public int CreateTokenCalls => TokenRequests.Count;

    public Task<OidcClientRegistration> RegisterClientAsync(OidcRegisterRequest request, CancellationToken cancellationToken)
    {
        lock (Registrations)
        {
            Registrations.Add(request);
        }

        Interlocked.Increment(ref RegisterCount);
        return Task.FromResult(OnRegister?.Invoke(request)
            ?? new OidcClientRegistration("client-" + RegisterCount, "client-secret-EXAMPLE-" + RegisterCount, new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    public Task<OidcDeviceAuthorization> StartDeviceAuthorizationAsync(string clientId, string clientSecret, string startUrl, CancellationToken cancellationToken)
        => Task.FromResult((OnStartDevice ?? throw new InvalidOperationException("unexpected StartDeviceAuthorization"))());

    public Task<OidcTokenResult> CreateTokenAsync(OidcTokenRequest request, CancellationToken cancellationToken)
    {
        lock (TokenRequests)
        {
            TokenRequests.Add(request);
        }

        try
        {
            return Task.FromResult((OnCreateToken ?? throw new InvalidOperationException("unexpected CreateToken"))(request));
        }
        catch (AwsServiceException e)
        {
            return Task.FromException<OidcTokenResult>(e);
        }
    }

    public static AwsServiceException Error(string code, int status = 400)
        => new("SSO OIDC", "CreateToken", code, code + " (test)", status, retryable: false);
}

/// <summary>A portal with a fixed directory; can throttle the first N calls of each listing.</summary>
internal sealed class FakePortal : ISsoPortalClient
{
    private int _throttleLeft;

    public FakePortal(int accounts = 3, params string[] roles)
    {
        Accounts = [.. Enumerable.Range(0, accounts).Select(i => new SsoAccountInfo((100_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture), $"Account {i:D2}", $"a{i}@example.com"))];
        Roles = roles.Length == 0 ? ["ReadOnly", "Admin"] : roles;
    }

    public List<SsoAccountInfo> Accounts { get; set; }

    public IReadOnlyList<string> Roles { get; set; }

    public int PageSize { get; set; } = 2;

    public int Calls;

    public int LogoutCalls;

    public void ThrottleNext(int calls) => _throttleLeft = calls;

    public Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
        => Task.FromResult(new AwsCredentials("ASIASSO", "secret", "token", DateTimeOffset.UtcNow.AddHours(1), accountId));

    public Task<SsoPage<SsoAccountInfo>> ListAccountsAsync(string accessToken, string? nextToken, int maxResults, CancellationToken cancellationToken)
    {
        Throttle();
        var start = nextToken is null ? 0 : int.Parse(nextToken, System.Globalization.CultureInfo.InvariantCulture);
        var items = Accounts.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < Accounts.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new SsoPage<SsoAccountInfo>(items, next));
    }

    public Task<SsoPage<SsoRoleInfo>> ListAccountRolesAsync(string accessToken, string accountId, string? nextToken, int maxResults, CancellationToken cancellationToken)
    {
        Throttle();
        var start = nextToken is null ? 0 : int.Parse(nextToken, System.Globalization.CultureInfo.InvariantCulture);
        var items = Roles.Skip(start).Take(PageSize).Select(r => new SsoRoleInfo(accountId, r)).ToList();
        var next = start + PageSize < Roles.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new SsoPage<SsoRoleInfo>(items, next));
    }

    public Task LogoutAsync(string accessToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref LogoutCalls);
        return Task.CompletedTask;
    }

    private void Throttle()
    {
        Interlocked.Increment(ref Calls);
        if (Interlocked.Decrement(ref _throttleLeft) >= 0)
        {
            throw new AwsServiceException("SSO", "ListAccountRoles", "TooManyRequestsException", "Rate exceeded", 429, retryable: true);
        }
    }
}
