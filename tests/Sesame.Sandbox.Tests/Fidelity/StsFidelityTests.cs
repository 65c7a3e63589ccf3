using System.Text.Json;
using Sesame.Sandbox.Sts;
using Sesame.Sandbox.Tests.Infrastructure;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary>boto3/botocore against the STS front: where they disagree, the sandbox is wrong.</summary>
public sealed class StsFidelityTests : IAsyncLifetime
{
    private const string Serial = "arn:aws:iam::111111111111:mfa/alice";
    private const string DeployArn = "arn:aws:iam::222222222222:role/Deploy";
    private readonly OffsetClock _clock = new();
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo(), new SandboxOptions { Clock = _clock });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Botocore_assume_role_profile_with_MFA_gets_the_role_and_sends_serial_and_code()
    {
        using var home = _sandbox.CreateHome();
        var code = _sandbox.Mfa.UnusedCode(Serial);

        var me = await Python.RunAsync(home, "identity", "prod-deploy", code);

        Assert.StartsWith("arn:aws:sts::222222222222:assumed-role/Deploy/", me.GetProperty("arn").GetString());
        var call = Assert.Single(_sandbox.Sts.Calls.Of("AssumeRole"));
        Assert.Equal(Serial, call["SerialNumber"]);
        Assert.Equal(code, call["TokenCode"]);
        Assert.Equal("arn:aws:iam::111111111111:user/alice", call.Principal);
    }

    [Fact]
    public async Task A_wrong_MFA_code_is_refused_with_AccessDenied()
    {
        using var home = _sandbox.CreateHome();
        var wrong = WrongCode();

        var result = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            Json(new { RoleArn = DeployArn, RoleSessionName = "wrong", SerialNumber = Serial, TokenCode = wrong }));

        Assert.Equal("AccessDenied", result.GetProperty("error").GetString());
        Assert.Contains("MultiFactorAuthentication failed", result.GetProperty("message").GetString());
        Assert.Equal(403, result.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_reused_MFA_code_is_refused_the_second_time()
    {
        using var home = _sandbox.CreateHome();
        var code = _sandbox.Mfa.UnusedCode(Serial);
        var parameters = Json(new { RoleArn = DeployArn, RoleSessionName = "once", SerialNumber = Serial, TokenCode = code });

        var first = await Python.RunAsync(home, "call", "alice", "sts", "assume_role", parameters);
        var second = await Python.RunAsync(home, "call", "alice", "sts", "assume_role", parameters);

        Assert.StartsWith("ASIA", first.GetProperty("Credentials").GetProperty("AccessKeyId").GetString());
        Assert.Equal("AccessDenied", second.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_role_that_requires_MFA_refuses_a_caller_without_it()
    {
        using var home = _sandbox.CreateHome();
        var result = await Python.RunAsync(home, "call", "alice", "sts", "assume_role", Json(new { RoleArn = DeployArn, RoleSessionName = "no-mfa" }));
        Assert.Equal("AccessDenied", result.GetProperty("error").GetString());
        Assert.Contains("is not authorized to perform: sts:AssumeRole on resource: " + DeployArn, result.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_three_role_chain_resolves_with_exactly_three_AssumeRole_calls()
    {
        using var home = _sandbox.CreateHome();

        var me = await Python.RunAsync(home, "identity", "prod-chain-three");

        Assert.StartsWith("arn:aws:sts::222222222222:assumed-role/ChainThree/", me.GetProperty("arn").GetString());
        var calls = _sandbox.Sts.Calls.Of("AssumeRole");
        Assert.Equal(3, calls.Count);
        Assert.Equal("arn:aws:iam::111111111111:user/alice", calls[0].Principal);
        Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/ChainOne/", calls[1].Principal);
        Assert.StartsWith("arn:aws:sts::222222222222:assumed-role/ChainTwo/", calls[2].Principal);
        Assert.All(calls, c => Assert.True(c.Succeeded));
        Assert.Equal(1, _sandbox.Sts.Calls.Count("GetCallerIdentity"));
    }

    [Fact]
    public async Task Role_chaining_above_one_hour_fails_as_AWS_does()
    {
        using var home = _sandbox.CreateHome();
        var first = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            Json(new { RoleArn = "arn:aws:iam::111111111111:role/ChainOne", RoleSessionName = "first" }));
        var keys = Keys(first.GetProperty("Credentials"));

        var chained = await Python.RunAsync(home, "call", "-", "sts", "assume_role",
            Json(new { RoleArn = "arn:aws:iam::222222222222:role/ChainTwo", RoleSessionName = "second", DurationSeconds = 7200, _keys = keys }));

        Assert.Equal("ValidationError", chained.GetProperty("error").GetString());
        Assert.Contains("1 hour session limit for roles assumed by role chaining", chained.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Durations_above_the_role_maximum_are_refused_and_within_it_accepted()
    {
        using var home = _sandbox.CreateHome();
        var tooLong = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            Json(new { RoleArn = "arn:aws:iam::111111111111:role/Developer", RoleSessionName = "long", DurationSeconds = 7200 }));
        Assert.Equal("ValidationError", tooLong.GetProperty("error").GetString());
        Assert.Contains("MaxSessionDuration", tooLong.GetProperty("message").GetString());

        var code = _sandbox.Mfa.UnusedCode(Serial);
        var fourHours = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            Json(new { RoleArn = DeployArn, RoleSessionName = "long", DurationSeconds = 14400, SerialNumber = Serial, TokenCode = code }));
        var expires = DateTimeOffset.Parse(fourHours.GetProperty("Credentials").GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(3.9), TimeSpan.FromHours(4.1));
    }

    [Fact]
    public async Task External_id_is_enforced_where_the_trust_requires_it()
    {
        using var home = _sandbox.CreateHome();
        var viaProfile = await Python.RunAsync(home, "identity", "prod-auditor");
        Assert.StartsWith("arn:aws:sts::222222222222:assumed-role/Auditor/", viaProfile.GetProperty("arn").GetString());
        Assert.Equal(DemoOrganisation.AuditorExternalId, _sandbox.Sts.Calls.Of("AssumeRole").Single()["ExternalId"]);

        var without = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            Json(new { RoleArn = "arn:aws:iam::222222222222:role/Auditor", RoleSessionName = "no-ext" }));
        var wrong = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            Json(new { RoleArn = "arn:aws:iam::222222222222:role/Auditor", RoleSessionName = "no-ext", ExternalId = "guess" }));
        Assert.Equal("AccessDenied", without.GetProperty("error").GetString());
        Assert.Equal("AccessDenied", wrong.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetSessionToken_with_MFA_then_AssumeRole_from_that_session_reaches_an_MFA_role()
    {
        using var home = _sandbox.CreateHome();
        var code = _sandbox.Mfa.UnusedCode(Serial);

        var result = await Python.RunAsync(home, "session_then_assume", "alice", Serial, code, DeployArn);

        Assert.Equal("ASIA", result.GetProperty("sessionKey").GetString());
        Assert.Equal("arn:aws:iam::111111111111:user/alice", result.GetProperty("sessionIdentity").GetString());
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Deploy/from-session", result.GetProperty("role").GetString());
        var getSessionToken = Assert.Single(_sandbox.Sts.Calls.Where(c => c.Action == "GetSessionToken" && c["SerialNumber"] == Serial));
        Assert.Equal(code, getSessionToken["TokenCode"]);
        var assume = Assert.Single(_sandbox.Sts.Calls.Of("AssumeRole"));
        Assert.Equal(CredentialKind.Session, assume.CallerKind);
        Assert.Null(assume["TokenCode"]);
    }

    [Fact]
    public async Task A_session_without_MFA_cannot_call_IAM_but_one_with_MFA_can()
    {
        using var home = _sandbox.CreateHome();
        var plain = await Python.RunAsync(home, "call", "alice", "sts", "get_session_token", "{}");
        var denied = await Python.RunAsync(home, "call", "-", "iam", "list_users", Json(new { _keys = Keys(plain.GetProperty("Credentials")) }));
        Assert.Equal("AccessDenied", denied.GetProperty("error").GetString());

        var code = _sandbox.Mfa.UnusedCode(Serial);
        var withMfa = await Python.RunAsync(home, "call", "alice", "sts", "get_session_token", Json(new { SerialNumber = Serial, TokenCode = code }));
        var users = await Python.RunAsync(home, "call", "-", "iam", "list_users", Json(new { _keys = Keys(withMfa.GetProperty("Credentials")) }));
        Assert.Contains(users.GetProperty("Users").EnumerateArray(), u => u.GetProperty("UserName").GetString() == "alice");
    }

    [Fact]
    public async Task AssumeRole_from_a_session_token_is_chaining_only_when_configured_so()
    {
        using var home = _sandbox.CreateHome();
        var code = _sandbox.Mfa.UnusedCode(Serial);
        var session = await Python.RunAsync(home, "call", "alice", "sts", "get_session_token", Json(new { SerialNumber = Serial, TokenCode = code }));
        var keys = Keys(session.GetProperty("Credentials"));
        string Request(string name) => Json(new { RoleArn = DeployArn, RoleSessionName = name, DurationSeconds = 7200, _keys = keys });

        var iamDefinition = await Python.RunAsync(home, "call", "-", "sts", "assume_role", Request("iam-view"));
        _sandbox.Sts.SessionTokenCallsAreChained = true;
        var awsVaultView = await Python.RunAsync(home, "call", "-", "sts", "assume_role", Request("vault-view"));

        Assert.StartsWith("ASIA", iamDefinition.GetProperty("Credentials").GetProperty("AccessKeyId").GetString());
        Assert.Equal("ValidationError", awsVaultView.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetSessionToken_with_session_credentials_is_refused()
    {
        using var home = _sandbox.CreateHome();
        var session = await Python.RunAsync(home, "call", "alice", "sts", "get_session_token", "{}");
        var again = await Python.RunAsync(home, "call", "-", "sts", "get_session_token", Json(new { _keys = Keys(session.GetProperty("Credentials")) }));
        Assert.Equal("AccessDenied", again.GetProperty("error").GetString());
        Assert.Contains("Cannot call GetSessionToken with session credentials", again.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Web_identity_profile_gets_the_role_through_an_unsigned_call()
    {
        using var home = _sandbox.CreateHome();

        var me = await Python.RunAsync(home, "identity", "prod-web-identity-deploy");

        Assert.Equal("arn:aws:sts::222222222222:assumed-role/WebIdentityDeploy/web-identity", me.GetProperty("arn").GetString());
        var call = Assert.Single(_sandbox.Sts.Calls.Of("AssumeRoleWithWebIdentity"));
        Assert.Null(call.AccessKeyId);
        Assert.StartsWith("sha256:", call["WebIdentityToken"]);
    }

    [Fact]
    public async Task Web_identity_refuses_expired_tokens_and_wrong_audiences()
    {
        using var home = _sandbox.CreateHome();
        var role = "arn:aws:iam::222222222222:role/WebIdentityDeploy";
        var expired = await Python.RunAsync(home, "call", "-", "sts", "assume_role_with_web_identity", Json(new
        {
            RoleArn = role, RoleSessionName = "old", WebIdentityToken = _sandbox.WebIdentity.IssueToken(lifetime: TimeSpan.FromMinutes(-1)),
        }));
        var wrongAudience = await Python.RunAsync(home, "call", "-", "sts", "assume_role_with_web_identity", Json(new
        {
            RoleArn = role, RoleSessionName = "aud", WebIdentityToken = _sandbox.WebIdentity.IssueToken(audience: "someone-else"),
        }));
        var forged = await Python.RunAsync(home, "call", "-", "sts", "assume_role_with_web_identity", Json(new
        {
            RoleArn = role, RoleSessionName = "forged", WebIdentityToken = _sandbox.WebIdentity.IssueToken()[..^4] + "AAAA",
        }));
        Assert.Equal("ExpiredTokenException", expired.GetProperty("error").GetString());
        Assert.Equal("AccessDenied", wrongAudience.GetProperty("error").GetString());
        Assert.Equal("InvalidIdentityToken", forged.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetFederationToken_gives_a_federated_user_identity()
    {
        using var home = _sandbox.CreateHome();
        var token = await Python.RunAsync(home, "call", "bob", "sts", "get_federation_token", Json(new { Name = "console-bob" }));
        var me = await Python.RunAsync(home, "call", "-", "sts", "get_caller_identity", Json(new { _keys = Keys(token.GetProperty("Credentials")) }));
        Assert.Equal("arn:aws:sts::111111111111:federated-user/console-bob", me.GetProperty("Arn").GetString());
        Assert.Equal("111111111111:console-bob", me.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task A_throttling_fault_is_retried_by_botocore_and_recorded()
    {
        using var home = _sandbox.CreateHome();
        var rule = _sandbox.Sts.Faults.Add(Hosting.Fault.Throttling, times: 1, action: "GetCallerIdentity");

        var me = await Python.RunAsync(home, "identity", "alice");

        Assert.Equal("arn:aws:iam::111111111111:user/alice", me.GetProperty("arn").GetString());
        Assert.Equal(0, rule.Remaining);
        Assert.Equal(["Throttling", null], _sandbox.Sts.Calls.Of("GetCallerIdentity").Select(c => c.ErrorCode));
    }

    [Fact]
    public async Task Expired_token_and_server_error_faults_reach_the_client()
    {
        using var home = _sandbox.CreateHome();
        _sandbox.Sts.Faults.Add(Hosting.Fault.ExpiredToken, times: 1);
        var expired = await Python.RunAsync(home, "call", "alice", "sts", "get_caller_identity", "{}");
        Assert.Equal("ExpiredToken", expired.GetProperty("error").GetString());

        _sandbox.Sts.Faults.Add(Hosting.Fault.ServerError, times: 10);
        var failed = await Python.RunAsync(home, "call", "alice", "sts", "get_caller_identity", "{}");
        Assert.Equal("InternalFailure", failed.GetProperty("error").GetString());
        _sandbox.Sts.Faults.Clear();
    }

    [Fact]
    public async Task Presigned_GetCallerIdentity_URLs_work_for_keys_role_sessions_and_GetSessionToken_sessions()
    {
        using var home = _sandbox.CreateHome();
        var role = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            Json(new { RoleArn = "arn:aws:iam::111111111111:role/Developer", RoleSessionName = "presigned" }));
        var session = await Python.RunAsync(home, "call", "alice", "sts", "get_session_token", "{}");

        var user = await Python.RunAsync(home, "presigned_identity", "alice");
        var assumed = await Python.RunAsync(home, "presigned_identity", "-", Json(Keys(role.GetProperty("Credentials"))));
        var viaSession = await Python.RunAsync(home, "presigned_identity", "-", Json(Keys(session.GetProperty("Credentials"))));
        var forged = await Python.RunAsync(home, "presigned_identity", "-", Json(new[] { _sandbox.User("alice").AccessKeyId, "not-the-secret", "" }[..2]));

        Assert.True(user.GetProperty("query").GetBoolean());
        Assert.Equal("arn:aws:iam::111111111111:user/alice", user.GetProperty("arn").GetString());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/Developer/presigned", assumed.GetProperty("arn").GetString());
        Assert.Equal("arn:aws:iam::111111111111:user/alice", viaSession.GetProperty("arn").GetString());
        Assert.Equal("SignatureDoesNotMatch", forged.GetProperty("error").GetString());
    }

    private string WrongCode()
    {
        var valid = Enumerable.Range(-1, 3).Select(i => Wire.Totp.CodeAt(Wire.Base32.Decode(_sandbox.Mfa.Seed(Serial)), _clock.GetUtcNow().AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !valid.Contains(c));
    }

    private static string[] Keys(JsonElement credentials) =>
    [
        credentials.GetProperty("AccessKeyId").GetString()!,
        credentials.GetProperty("SecretAccessKey").GetString()!,
        credentials.GetProperty("SessionToken").GetString()!,
    ];

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
