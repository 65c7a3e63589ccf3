using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Testing;

namespace Sesame.Tests.Aws;

/// <summary>
/// Sesame's STS client on the wire: the Query body in the model's order, SigV4 for the signed calls and
/// nothing for the federation calls, the regional endpoint, the standard retry mode (what is retried,
/// how often, waiting on the injected clock), clock-skew correction, and errors as the SDK mapped them.
/// </summary>
public sealed class StsClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly AwsCredentials Caller = new("AKIDCALLER", "caller-secret");

    private const string AssumeRoleAnswer = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Deploy/alice</Arn><AssumedRoleId>AROA:alice</AssumedRoleId></AssumedRoleUser>
            <Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2026-11-21T13:00:00.611Z</Expiration></Credentials>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """;

    private const string WebIdentityAnswer = """
        <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleWithWebIdentityResult>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ci/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
            <Credentials><AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey><SessionToken>web-token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>
          </AssumeRoleWithWebIdentityResult>
        </AssumeRoleWithWebIdentityResponse>
        """;

    private static string Error(string code, string type = "Sender") => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>{type}</Type><Code>{code}</Code><Message>{code} happened</Message></Error><RequestId>r</RequestId></ErrorResponse>
        """;

    private static HttpResponseMessage Xml(int status, string body, params (string, string)[] headers)
        => ScriptedHttpHandler.Respond(status, body, [("Content-Type", "text/xml"), .. headers]);

    private static IStsClient Client(ScriptedHttpHandler handler, TimeProvider? time = null, string? region = "us-east-1", string? endpointUrl = null, int attempts = 3)
        => new StsClientFactory(new AwsHttpOptions(MaxAttempts: attempts, Handler: handler), time ?? new ManualTimeProvider(Now)).Create(new AwsEndpoint(region, endpointUrl, false, false));

    [Fact]
    public async Task AssumeRole_posts_the_query_body_in_model_order_signed_to_the_regional_endpoint()
    {
        var handler = new ScriptedHttpHandler((_, _) => Xml(200, AssumeRoleAnswer));

        var result = await Client(handler, region: "eu-west-1").AssumeRoleAsync(
            new AwsCredentials("ASIACALLER", "caller-secret", "caller-token"),
            new AssumeRoleRequest("arn:aws:iam::123456789012:role/Deploy", "alice", ExternalId: "ext:1/2", DurationSeconds: 900, SerialNumber: "arn:aws:iam::123456789012:mfa/alice", TokenCode: "123456"),
            CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Post, "https://sts.eu-west-1.amazonaws.com/"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal(
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FDeploy&RoleSessionName=alice&DurationSeconds=900&ExternalId=ext%3A1%2F2&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice&TokenCode=123456",
            request.Body);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.ContentType);
        Assert.Equal("20261121T120000Z", request.Header("X-Amz-Date"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIACALLER/20261121/eu-west-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("caller-token", request.Header("X-Amz-Security-Token"));
        Assert.Equal("attempt=1; max=3", request.Header("amz-sdk-request"));
        Assert.True(Guid.TryParse(request.Header("amz-sdk-invocation-id"), out _));
        Assert.StartsWith("sesame/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal(
            new AwsCredentials("ASIAROLE", "role-secret", "role-token", new DateTimeOffset(2026, 11, 21, 13, 0, 0, 611, TimeSpan.Zero), "123456789012"),
            result.Credentials);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/Deploy/alice", result.AssumedRoleArn);
    }

    [Fact]
    public async Task The_federation_calls_are_unsigned()
    {
        var handler = new ScriptedHttpHandler((request, _) => Xml(200, request.Body.Contains("SAML", StringComparison.Ordinal) ? WebIdentityAnswer.Replace("WithWebIdentity", "WithSAML", StringComparison.Ordinal) : WebIdentityAnswer));
        var client = Client(handler);

        var web = await client.AssumeRoleWithWebIdentityAsync("arn:aws:iam::123456789012:role/ci", "s", "jwt", 3600, CancellationToken.None);
        var saml = await client.AssumeRoleWithSamlAsync("arn:aws:iam::123456789012:role/ci", "arn:aws:iam::123456789012:saml-provider/adfs", "PHNhbWw+", null, CancellationToken.None);

        Assert.Equal(("ASIAWEB", "ASIAWEB"), (web.Credentials.AccessKeyId, saml.Credentials.AccessKeyId));
        Assert.All(handler.Requests, r => Assert.Null(r.Header("Authorization")));
        Assert.All(handler.Requests, r => Assert.Null(r.Header("X-Amz-Date")));
        Assert.Equal("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&RoleSessionName=s&WebIdentityToken=jwt&DurationSeconds=3600", handler.Requests[0].Body);
        Assert.Equal("Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&PrincipalArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2Fadfs&SAMLAssertion=PHNhbWw%2B", handler.Requests[1].Body);
    }

    [Fact]
    public async Task A_configured_endpoint_is_signed_with_its_port_for_the_configured_region()
    {
        var handler = new ScriptedHttpHandler((_, _) => Xml(200, """<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"""));

        var identity = await Client(handler, region: "eu-central-1", endpointUrl: "http://127.0.0.1:4566").GetCallerIdentityAsync(Caller, CancellationToken.None);

        Assert.Equal(new CallerIdentity("123456789012", "arn:aws:iam::123456789012:user/alice", "AIDA"), identity);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:4566/", request.Uri.AbsoluteUri);
        Assert.Contains("/eu-central-1/sts/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("Action=GetCallerIdentity&Version=2011-06-15", request.Body);
    }

    [Fact]
    public async Task GetFederationToken_returns_the_federated_users_arn()
    {
        var handler = new ScriptedHttpHandler((_, _) => Xml(200, """
            <GetFederationTokenResponse><GetFederationTokenResult>
              <Credentials><AccessKeyId>ASIAFED</AccessKeyId><SecretAccessKey>fed-secret</SecretAccessKey><SessionToken>fed-token</SessionToken><Expiration>2026-11-21T13:00:00Z</Expiration></Credentials>
              <FederatedUser><FederatedUserId>123456789012:bob</FederatedUserId><Arn>arn:aws:sts::123456789012:federated-user/bob</Arn></FederatedUser>
            </GetFederationTokenResult></GetFederationTokenResponse>
            """));

        var result = await Client(handler).GetFederationTokenAsync(Caller, "bob", """{"Version":"2012-10-17"}""", 900, CancellationToken.None);

        Assert.Equal("arn:aws:sts::123456789012:federated-user/bob", result.AssumedRoleArn);
        Assert.Equal("123456789012", result.Credentials.AccountId);
        Assert.Equal("Action=GetFederationToken&Version=2011-06-15&Name=bob&Policy=%7B%22Version%22%3A%222012-10-17%22%7D&DurationSeconds=900", handler.Requests.Single().Body);
    }

    [Theory]
    [InlineData(500, "InternalFailure")]
    [InlineData(503, null)]
    [InlineData(400, "Throttling")]
    [InlineData(400, "IDPCommunicationError")]
    [InlineData(400, "RequestTimeout")]
    public async Task Transient_and_throttling_errors_are_retried_after_a_backoff_on_the_injected_clock(int status, string? code)
    {
        var time = new ManualTimeProvider(Now);
        var handler = new ScriptedHttpHandler((_, n) => n == 1 ? Xml(status, code is null ? string.Empty : Error(code)) : Xml(200, WebIdentityAnswer));

        var call = Client(handler, time).AssumeRoleWithWebIdentityAsync("arn:aws:iam::123456789012:role/ci", "s", "token", null, CancellationToken.None);
        await Task.Delay(100);
        Assert.True(handler.Requests.Count <= 1, "the retry waits on the clock, not on real time");
        await time.AdvanceUntilDone(call, TimeSpan.FromMilliseconds(100));

        Assert.Equal("ASIAWEB", (await call).Credentials.AccessKeyId);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("attempt=2; max=3", handler.Requests[1].Header("amz-sdk-request"));
        Assert.Equal(handler.Requests[0].Header("amz-sdk-invocation-id"), handler.Requests[1].Header("amz-sdk-invocation-id"));
    }

    [Theory]
    [InlineData(1, 0.5, 500)]
    [InlineData(1, 0.999, 999)]
    [InlineData(2, 0.5, 1000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(9, 1.0, 20000)]
    public void The_backoff_is_full_jitter_over_a_doubling_second_capped_at_20_s(int retry, double jitter, int milliseconds)
        => Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Sesame.Core.Aws.Wire.RetryRules.Backoff(retry, jitter));

    [Theory]
    [InlineData(400, "InvalidIdentityToken")]
    [InlineData(403, "AccessDenied")]
    [InlineData(400, "ValidationError")]
    public async Task Other_errors_are_final_after_one_attempt(int status, string code)
    {
        var handler = new ScriptedHttpHandler((_, _) => Xml(status, Error(code)));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client(handler).AssumeRoleWithWebIdentityAsync("arn:aws:iam::123456789012:role/ci", "s", "token", null, CancellationToken.None));

        Assert.Equal((code, $"{code} happened", status, false), (error.ErrorCode, error.ServiceMessage, error.StatusCode, error.IsTransient));
        Assert.Equal("STS AssumeRoleWithWebIdentity failed: " + code + ": " + code + " happened", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Three_attempts_then_the_last_error_transient()
    {
        var time = new ManualTimeProvider(Now);
        var handler = new ScriptedHttpHandler((_, _) => Xml(503, string.Empty));

        var call = Client(handler, time).AssumeRoleAsync(Caller, new AssumeRoleRequest("arn:aws:iam::123456789012:role/r", "s"), CancellationToken.None);
        await time.AdvanceUntilDone(call, TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => call);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal((null, 503, true, ExitCodes.ServiceUnavailable), (error.ErrorCode, error.StatusCode, error.IsTransient, error.ExitCode));
        Assert.Contains("HTTP 503 (ServiceUnavailable) without an error message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_failure_is_retried_then_reported_as_unreachable()
    {
        var time = new ManualTimeProvider(Now);
        var handler = new ScriptedHttpHandler((_, _) => throw new HttpRequestException("Connection refused"));

        var call = Client(handler, time).GetCallerIdentityAsync(Caller, CancellationToken.None);
        await time.AdvanceUntilDone(call, TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => call);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal((0, true), (error.StatusCode, error.IsTransient));
        Assert.Contains("could not reach https://sts.us-east-1.amazonaws.com: Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_status_with_an_unreadable_body_is_retried()
    {
        var time = new ManualTimeProvider(Now);
        var handler = new ScriptedHttpHandler((_, n) => n == 1 ? Xml(200, "<AssumeRoleResponse><AssumeRoleResult>") : Xml(200, AssumeRoleAnswer));

        var call = Client(handler, time).AssumeRoleAsync(Caller, new AssumeRoleRequest("arn:aws:iam::123456789012:role/r", "s"), CancellationToken.None);
        await time.AdvanceUntilDone(call, TimeSpan.FromMilliseconds(100));

        Assert.Equal("ASIAROLE", (await call).Credentials.AccessKeyId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_skewed_clock_is_corrected_from_the_answers_date_and_the_call_signed_again()
    {
        var time = new ManualTimeProvider(Now);
        var serverTime = Now.AddMinutes(42);
        var handler = new ScriptedHttpHandler((_, n) => n == 1
            ? Xml(403, Error("SignatureDoesNotMatch"), ("Date", serverTime.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
            : Xml(200, AssumeRoleAnswer));

        // A host of its own: corrections are remembered per endpoint for the process.
        var call = Client(handler, time, endpointUrl: "http://127.0.0.1:5999").AssumeRoleAsync(Caller, new AssumeRoleRequest("arn:aws:iam::123456789012:role/r", "s"), CancellationToken.None);
        await time.AdvanceUntilDone(call, TimeSpan.FromMilliseconds(100));

        await call;
        Assert.Equal("20261121T120000Z", handler.Requests[0].Header("X-Amz-Date"));
        Assert.StartsWith("20261121T1242", handler.Requests[1].Header("X-Amz-Date"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_error_without_skew_is_final()
    {
        var handler = new ScriptedHttpHandler((_, _) => Xml(403, Error("SignatureDoesNotMatch"), ("Date", Now.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client(handler, endpointUrl: "http://127.0.0.1:5998").GetCallerIdentityAsync(Caller, CancellationToken.None));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried()
    {
        using var cancel = new CancellationTokenSource();
        var handler = new ScriptedHttpHandler(async (_, _, token) =>
        {
            await cancel.CancelAsync();
            token.ThrowIfCancellationRequested();
            return Xml(200, AssumeRoleAnswer);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(handler).GetCallerIdentityAsync(Caller, cancel.Token));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_attempt_that_takes_longer_than_the_timeout_is_abandoned_and_retried()
    {
        var handler = new ScriptedHttpHandler(async (_, n, token) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }

            return Xml(200, AssumeRoleAnswer);
        });
        var client = new StsClientFactory(new AwsHttpOptions(MaxAttempts: 2, Timeout: TimeSpan.FromMilliseconds(200), Handler: handler), TimeProvider.System)
            .Create(new AwsEndpoint("us-east-1", null, false, false));

        var result = await client.AssumeRoleAsync(Caller, new AssumeRoleRequest("arn:aws:iam::123456789012:role/r", "s"), CancellationToken.None);

        Assert.Equal("ASIAROLE", result.Credentials.AccessKeyId);
        Assert.Equal(2, handler.Requests.Count);
    }
}
