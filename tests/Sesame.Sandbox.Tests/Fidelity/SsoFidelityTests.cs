using System.Diagnostics;
using System.Text.Json;
using Sesame.Sandbox.Tests.Infrastructure;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary>botocore's sso-oidc and sso clients, token provider and credential provider against the Identity Center endpoints.</summary>
public sealed class SsoFidelityTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo());

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Device_flow_with_the_sso_oidc_client_completes_once_the_test_approves()
    {
        using var home = _sandbox.CreateHome();
        var run = Python.StartAsync(home, "sso_device", [_sandbox.Sso.StartUrl]);

        var pending = await _sandbox.Sso.WaitForDeviceAuthorizationAsync(TimeSpan.FromSeconds(30));
        await _sandbox.Sso.Calls.WaitForAsync(c => c.ErrorCode == "AuthorizationPendingException", TimeSpan.FromSeconds(30));
        _sandbox.Sso.ApproveDevice(pending.UserCode, "alice");
        var result = Python.Parse(await run, "sso_device");

        Assert.Equal(pending.UserCode, result.GetProperty("userCode").GetString());
        Assert.True(result.GetProperty("polls").GetInt32() >= 2);
        Assert.True(result.GetProperty("hasRefreshToken").GetBoolean());
        Assert.Equal(["111111111111", "222222222222"], result.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1, _sandbox.Sso.Calls.Count("RegisterClient"));
        Assert.Contains(_sandbox.Sso.Calls.Of("CreateToken"), c => c.Succeeded && c["grantType"] == "urn:ietf:params:oauth:grant-type:device_code" && c.User == "alice");
    }

    [Fact]
    public async Task A_denied_device_authorization_surfaces_as_access_denied()
    {
        using var home = _sandbox.CreateHome();
        var run = Python.StartAsync(home, "sso_device", [_sandbox.Sso.StartUrl]);
        var pending = await _sandbox.Sso.WaitForDeviceAuthorizationAsync(TimeSpan.FromSeconds(30));
        _sandbox.Sso.DenyDevice(pending.UserCode);

        var result = Python.Parse(await run, "sso_device");

        Assert.True(result.GetProperty("denied").GetBoolean());
        Assert.Contains(_sandbox.Sso.Calls.Of("CreateToken"), c => c.ErrorCode == "AccessDeniedException" && c.Status == 400);
    }

    [Fact]
    public async Task Botocore_SSO_credential_provider_returns_the_reserved_SSO_role()
    {
        using var home = _sandbox.CreateHome();
        _sandbox.Sso.AutoApprove = "alice";
        await Python.RunAsync(home, "sso_login_cache", "sandbox", _sandbox.Sso.StartUrl, _sandbox.Sso.Region, "28800");

        var me = await Python.RunAsync(home, "identity", "sso-prod-admin");

        Assert.Matches(@"^arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_[0-9a-f]{16}/alice$", me.GetProperty("arn").GetString());
        Assert.Equal("sso", me.GetProperty("method").GetString());
        var call = Assert.Single(_sandbox.Sso.Calls.Of("GetRoleCredentials"));
        Assert.Equal("222222222222", call["accountId"]);
        Assert.Equal("Admin", call["roleName"]);
    }

    [Fact]
    public async Task Botocore_SSO_token_provider_refreshes_a_token_about_to_expire()
    {
        using var home = _sandbox.CreateHome();
        _sandbox.Sso.AutoApprove = "alice";
        await Python.RunAsync(home, "sso_login_cache", "sandbox", _sandbox.Sso.StartUrl, _sandbox.Sso.Region, "300");

        var result = await Python.RunAsync(home, "sso_refresh", "sso-dev-read-only");

        Assert.True(result.GetProperty("refreshed").GetBoolean(), result.ToString());
        Assert.True(result.GetProperty("tokenMatchesCache").GetBoolean());
        Assert.True(result.GetProperty("refreshTokenRotated").GetBoolean());
        Assert.Single(_sandbox.Sso.Calls.Where(c => c.Action == "CreateToken" && c["grantType"] == "refresh_token" && c.Succeeded));
    }

    [Fact]
    public async Task Authorization_code_with_PKCE_redirects_to_the_loopback_callback_and_checks_the_verifier()
    {
        using var home = _sandbox.CreateHome();
        _sandbox.Sso.AutoApprove = "alice";

        var result = Python.Parse(await Python.StartAsync(home, "sso_pkce", [_sandbox.Sso.StartUrl],
            new Dictionary<string, string> { ["SANDBOX_BROWSER"] = "urllib" }), "sso_pkce");

        Assert.Equal("InvalidGrantException", result.GetProperty("wrongVerifier").GetString());
        Assert.True(result.GetProperty("hasAccessToken").GetBoolean());
        Assert.True(result.GetProperty("hasRefreshToken").GetBoolean());
        Assert.Single(_sandbox.Sso.AuthorizationRequests, r => r.Status == Sso.ApprovalStatus.Redeemed);
    }

    [Fact]
    public async Task The_test_acts_as_the_browser_for_an_authorization_code_request()
    {
        using var home = _sandbox.CreateHome();
        var run = Python.StartAsync(home, "sso_pkce", [_sandbox.Sso.StartUrl]);
        var urlFile = Path.Combine(home.Path, "authorize-url");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(urlFile) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        var callback = await _sandbox.Sso.AuthorizeAsync(await File.ReadAllTextAsync(urlFile), "alice");
        var result = Python.Parse(await run, "sso_pkce");

        Assert.Equal("/oauth/callback", callback.AbsolutePath);
        Assert.True(result.GetProperty("hasAccessToken").GetBoolean(), result.ToString());
        Assert.Contains(_sandbox.Sso.Calls.Of("CreateToken"), c => c["grantType"] == "authorization_code" && c.User == "alice" && c.Succeeded);
    }

    [Fact]
    public async Task A_person_approves_a_device_code_on_the_verification_page()
    {
        using var home = _sandbox.CreateHome();
        var run = Python.StartAsync(home, "sso_device", [_sandbox.Sso.StartUrl]);
        var pending = await _sandbox.Sso.WaitForDeviceAuthorizationAsync(TimeSpan.FromSeconds(30));
        using var browser = new HttpClient { BaseAddress = _sandbox.Sso.Endpoint };

        var page = await browser.GetStringAsync($"/device?user_code={pending.UserCode}");
        using var decision = await browser.PostAsync("/device/decision", new FormUrlEncodedContent(
            [new("user_code", pending.UserCode), new("user", "alice"), new("decision", "allow")]));
        var result = Python.Parse(await run, "sso_device");

        Assert.Contains(pending.UserCode, page);
        Assert.Contains("Request approved", await decision.Content.ReadAsStringAsync());
        Assert.True(result.GetProperty("hasRefreshToken").GetBoolean(), result.ToString());
    }

    [Fact]
    public async Task Logout_revokes_the_access_token()
    {
        using var home = _sandbox.CreateHome();
        var token = _sandbox.Sso.IssueAccessToken("alice");
        var before = await Python.RunAsync(home, "call", "-", "sso", "list_accounts", Json(new { accessToken = token }));
        await Python.RunAsync(home, "call", "-", "sso", "logout", Json(new { accessToken = token }));
        var after = await Python.RunAsync(home, "call", "-", "sso", "list_accounts", Json(new { accessToken = token }));

        Assert.Equal(2, before.GetProperty("accountList").GetArrayLength());
        Assert.Equal("UnauthorizedException", after.GetProperty("error").GetString());
        Assert.Equal(401, after.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Throttled_portal_answers_TooManyRequestsException_that_botocore_recognises()
    {
        using var home = _sandbox.CreateHome();
        var token = _sandbox.Sso.IssueAccessToken();
        _sandbox.Sso.Throttle(requestsPerSecond: 5, burst: 5, "ListAccounts");

        var result = await Python.RunAsync(home, "throttled_burst", token, "40");

        Assert.InRange(result.GetProperty("ok").GetInt32(), 5, 20);
        Assert.True(result.GetProperty("throttled").GetInt32() >= 20, result.ToString());
        Assert.Contains(_sandbox.Sso.Calls.Of("ListAccounts"), c => c.Status == 429 && c.ErrorCode == "TooManyRequestsException");
    }

    [Fact]
    public async Task An_organisation_of_1000_accounts_by_5_roles_starts_in_seconds_and_paginates()
    {
        var clock = Stopwatch.StartNew();
        await using var large = await Sandbox.StartAsync(new Organisation
        {
            IdentityCenter = IdentityCenter.Generated(1000, "ReadOnly", "PowerUser", "Admin", "Billing", "Audit"),
        });
        var started = clock.Elapsed;
        using var home = large.CreateHome(profiles: false);

        var result = await Python.RunAsync(home, "list_accounts_and_roles", large.Sso.IssueAccessToken(), "100");

        Assert.True(started < TimeSpan.FromSeconds(20), $"started in {started}");
        Assert.Equal(1000, result.GetProperty("accounts").GetInt32());
        Assert.Equal(5000, result.GetProperty("roles").GetInt32());
        Assert.Equal(10, large.Sso.Calls.Count("ListAccounts"));
        Assert.Equal(1000, large.Sso.Calls.Count("ListAccountRoles"));
    }

    [Fact]
    public async Task Populate_pattern_at_20_requests_per_second_is_paced_by_the_throttle_and_loses_nothing()
    {
        await using var org = await Sandbox.StartAsync(new Organisation
        {
            IdentityCenter = IdentityCenter.Generated(120, "ReadOnly", "PowerUser", "Admin", "Billing", "Audit"),
        });
        org.Sso.Throttle(requestsPerSecond: 20);
        using var home = org.CreateHome(profiles: false);

        var result = await Python.RunAsync(home, "list_accounts_and_roles", org.Sso.IssueAccessToken(), "100");

        Assert.Equal(120, result.GetProperty("accounts").GetInt32());
        Assert.Equal(600, result.GetProperty("roles").GetInt32());
        // 120 ListAccountRoles at 20/s after a burst of 20: at least (120 - 20) / 20 = 5 s.
        Assert.True(result.GetProperty("rolesSeconds").GetDouble() >= 4.5, result.ToString());
        Assert.Equal(120, org.Sso.Calls.Where(c => c.Action == "ListAccountRoles" && c.Succeeded).Count);
    }

    [Fact]
    public async Task GetRoleCredentials_for_an_unassigned_role_is_refused()
    {
        await using var org = await Sandbox.StartAsync(new Organisation
        {
            IdentityCenter = new IdentityCenter
            {
                Accounts = [new SsoAccount("333333333333", "shared", ["ReadOnly", "Admin"])],
                Users = [new SsoUser("carol") { Assignments = [new SsoAssignment("333333333333", "ReadOnly")] }],
            },
        });
        using var home = org.CreateHome(profiles: false);
        var token = org.Sso.IssueAccessToken("carol");

        var roles = await Python.RunAsync(home, "call", "-", "sso", "list_account_roles", Json(new { accessToken = token, accountId = "333333333333" }));
        var admin = await Python.RunAsync(home, "call", "-", "sso", "get_role_credentials", Json(new { accessToken = token, accountId = "333333333333", roleName = "Admin" }));
        var readOnly = await Python.RunAsync(home, "call", "-", "sso", "get_role_credentials", Json(new { accessToken = token, accountId = "333333333333", roleName = "ReadOnly" }));

        Assert.Equal(["ReadOnly"], roles.GetProperty("roleList").EnumerateArray().Select(r => r.GetProperty("roleName").GetString()));
        Assert.Equal("ForbiddenException", admin.GetProperty("error").GetString());
        Assert.StartsWith("ASIA", readOnly.GetProperty("roleCredentials").GetProperty("accessKeyId").GetString());
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
