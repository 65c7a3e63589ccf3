using System.Text.Json.Nodes;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Testing;

namespace Sesame.Tests.Aws;

/// <summary>
/// Sesame's IAM Identity Center clients on the wire (aws-wire-reference §3): OIDC's JSON bodies and
/// answers, the portal's paths, query and bearer header, the endpoints, and error codes read as
/// botocore reads them (the x-amzn-ErrorType header, else the body's code or __type).
/// </summary>
public sealed class SsoClientsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static SsoClientFactory Factory(ScriptedHttpHandler handler, int attempts = 1)
        => new(new AwsHttpOptions(MaxAttempts: attempts, Handler: handler), new ManualTimeProvider(Now));

    private static HttpResponseMessage Json(int status, string body, params (string, string)[] headers)
        => ScriptedHttpHandler.Respond(status, body, [("Content-Type", "application/json"), .. headers]);

    [Fact]
    public async Task RegisterClient_sends_only_what_it_is_given_and_reads_the_registration()
    {
        var handler = new ScriptedHttpHandler((_, _) => Json(200, """{"clientId":"cid","clientSecret":"csecret","clientIdIssuedAt":1763726400,"clientSecretExpiresAt":1771502400}"""));
        var oidc = Factory(handler).CreateOidc(new AwsEndpoint("eu-west-1", null, false, false));

        var device = await oidc.RegisterClientAsync(new OidcRegisterRequest("botocore-client-my-sso", ["sso:account:access"], [], [], null), CancellationToken.None);
        var pkce = await oidc.RegisterClientAsync(new OidcRegisterRequest("botocore-client-my-sso", ["sso:account:access"], ["authorization_code", "refresh_token"], ["http://127.0.0.1/oauth/callback"], "https://d-1234567890.awsapps.com/start"), CancellationToken.None);

        Assert.Equal(new OidcClientRegistration("cid", "csecret", DateTimeOffset.FromUnixTimeSeconds(1771502400)), device);
        Assert.Equal(device, pkce);
        Assert.Equal("https://oidc.eu-west-1.amazonaws.com", oidc.EndpointUrl);
        Assert.Equal("https://oidc.eu-west-1.amazonaws.com/client/register", handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("""{"clientName":"botocore-client-my-sso","clientType":"public","scopes":["sso:account:access"]}""", handler.Requests[0].Body);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"clientName":"botocore-client-my-sso","clientType":"public","scopes":["sso:account:access"],"redirectUris":["http://127.0.0.1/oauth/callback"],"grantTypes":["authorization_code","refresh_token"],"issuerUrl":"https://d-1234567890.awsapps.com/start"}"""),
            JsonNode.Parse(handler.Requests[1].Body)));
        Assert.All(handler.Requests, r => Assert.Equal("application/json", r.ContentType));
        Assert.All(handler.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task StartDeviceAuthorization_and_CreateToken_read_their_answers()
    {
        var handler = new ScriptedHttpHandler((request, _) => request.Uri.AbsolutePath == "/device_authorization"
            ? Json(200, """{"deviceCode":"dev","userCode":"ABCD-EFGH","verificationUri":"https://device.sso.us-east-1.amazonaws.com/","verificationUriComplete":"https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH","expiresIn":600,"interval":1}""")
            : Json(200, """{"accessToken":"aoa-token","tokenType":"Bearer","expiresIn":28800,"refreshToken":"aor-token"}"""));
        var oidc = Factory(handler).CreateOidc(new AwsEndpoint("us-east-1", "http://127.0.0.1:4000/", false, false));

        var device = await oidc.StartDeviceAuthorizationAsync("cid", "csecret", "https://d-1234567890.awsapps.com/start", CancellationToken.None);
        var token = await oidc.CreateTokenAsync(new OidcTokenRequest("cid", "csecret", OidcTokenRequest.DeviceCodeGrant) { DeviceCode = "dev" }, CancellationToken.None);

        Assert.Equal(new OidcDeviceAuthorization("dev", "ABCD-EFGH", "https://device.sso.us-east-1.amazonaws.com/", "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1)), device);
        Assert.Equal(new OidcTokenResult("aoa-token", TimeSpan.FromHours(8), "aor-token"), token);
        Assert.Equal("http://127.0.0.1:4000", oidc.EndpointUrl);
        Assert.Equal("""{"clientId":"cid","clientSecret":"csecret","startUrl":"https://d-1234567890.awsapps.com/start"}""", handler.Requests[0].Body);
        Assert.Equal("""{"clientId":"cid","clientSecret":"csecret","grantType":"urn:ietf:params:oauth:grant-type:device_code","deviceCode":"dev"}""", handler.Requests[1].Body);
        Assert.Equal("http://127.0.0.1:4000/token", handler.Requests[1].Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/", """{"error":"authorization_pending","error_description":"Authorization is still pending"}""", "AuthorizationPendingException", "Authorization is still pending")]
    [InlineData(null, """{"message":"Session token not found or invalid","__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}""", "UnauthorizedException", "Session token not found or invalid")]
    [InlineData(null, """{"code":"SlowDownException","message":"slow"}""", "SlowDownException", "slow")]
    public async Task Error_codes_come_from_the_header_else_the_body(string? errorType, string body, string code, string message)
    {
        var handler = new ScriptedHttpHandler((_, _) => errorType is null ? Json(400, body) : Json(400, body, ("x-amzn-ErrorType", errorType)));
        var oidc = Factory(handler, attempts: 3).CreateOidc(new AwsEndpoint("us-east-1", null, false, false));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => oidc.CreateTokenAsync(new OidcTokenRequest("cid", "csecret", OidcTokenRequest.DeviceCodeGrant) { DeviceCode = "dev" }, CancellationToken.None));

        Assert.Equal((code, message, 400, false), (error.ErrorCode, error.ServiceMessage, error.StatusCode, error.IsTransient));
        Assert.Single(handler.Requests); // none of these is retried: the login flow reacts to each
    }

    [Fact]
    public async Task The_portal_lists_with_its_query_parameters_and_the_bearer_header()
    {
        var handler = new ScriptedHttpHandler((request, _) => request.Uri.AbsolutePath == "/assignment/accounts"
            ? Json(200, """{"nextToken":"page-2","accountList":[{"accountId":"111122223333","accountName":"Prod","emailAddress":"prod@example.com"}]}""")
            : Json(200, """{"nextToken":null,"roleList":[{"roleName":"ReadOnly","accountId":"111122223333"}]}"""));
        var portal = Factory(handler).CreatePortal(new AwsEndpoint("cn-north-1", null, false, false));

        var accounts = await portal.ListAccountsAsync("the-token", null, 100, CancellationToken.None);
        var roles = await portal.ListAccountRolesAsync("the-token", "111122223333", "page-2", 100, CancellationToken.None);

        Assert.Equal([new SsoAccountInfo("111122223333", "Prod", "prod@example.com")], accounts.Items);
        Assert.Equal("page-2", accounts.NextToken);
        Assert.Equal([new SsoRoleInfo("111122223333", "ReadOnly")], roles.Items);
        Assert.Null(roles.NextToken);
        Assert.Equal("https://portal.sso.cn-north-1.amazonaws.com.cn/assignment/accounts?max_result=100", handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("https://portal.sso.cn-north-1.amazonaws.com.cn/assignment/roles?account_id=111122223333&max_result=100&next_token=page-2", handler.Requests[1].Uri.AbsoluteUri);
        Assert.All(handler.Requests, r => Assert.Equal("the-token", r.Header("x-amz-sso_bearer_token")));
    }

    [Fact]
    public async Task Logout_posts_to_logout_with_the_bearer_header()
    {
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200));
        var portal = Factory(handler).CreatePortal(new AwsEndpoint("us-gov-west-1", null, true, false));

        await portal.LogoutAsync("the-token", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Post, "https://portal.sso.us-gov-west-1.amazonaws.com/logout"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal("the-token", request.Header("x-amz-sso_bearer_token"));
    }

    [Fact]
    public async Task The_portal_retries_throttling()
    {
        var time = new ManualTimeProvider(Now);
        var handler = new ScriptedHttpHandler((_, n) => n == 1
            ? Json(429, """{"message":"slow down"}""", ("x-amzn-ErrorType", "TooManyRequestsException"))
            : Json(200, """{"roleCredentials":{"accessKeyId":"ASIAPORTAL","secretAccessKey":"s","sessionToken":"t","expiration":1795003200000}}"""));
        var portal = new SsoClientFactory(new AwsHttpOptions(Handler: handler), time).CreatePortal(new AwsEndpoint("us-east-1", null, false, false));

        var call = portal.GetRoleCredentialsAsync("the-token", "111122223333", "ReadOnly", CancellationToken.None);
        await time.AdvanceUntilDone(call, TimeSpan.FromMilliseconds(100));

        Assert.Equal("ASIAPORTAL", (await call).AccessKeyId);
        Assert.Equal(2, handler.Requests.Count);
    }
}
