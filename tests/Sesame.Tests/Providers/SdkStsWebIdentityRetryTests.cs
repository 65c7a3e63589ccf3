using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

/// <summary>
/// AssumeRoleWithWebIdentity retries what botocore retries (transient failures and
/// IDPCommunicationError) and nothing else; the .NET SDK's own policy would also retry
/// InvalidIdentityToken.
/// </summary>
public sealed class SdkStsWebIdentityRetryTests
{
    private const string Success = """
        <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleWithWebIdentityResult>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ci/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
            <Credentials><AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey><SessionToken>web-token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>
          </AssumeRoleWithWebIdentityResult>
        </AssumeRoleWithWebIdentityResponse>
        """;

    private static string Error(string code) => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{code} happened</Message></Error><RequestId>r</RequestId></ErrorResponse>
        """;

    private static IStsClient Client(ScriptedHttpHandler handler)
        => new SdkStsClientFactory(new AwsHttpOptions(MaxAttempts: 3, Handler: handler)).Create(new AwsEndpoint("us-east-1", null, false, false));

    [Fact]
    public async Task IDPCommunicationError_is_retried()
    {
        var handler = new ScriptedHttpHandler((_, n) => n == 1 ? ScriptedHttpHandler.Respond(400, Error("IDPCommunicationError"), ("Content-Type", "text/xml")) : ScriptedHttpHandler.Respond(200, Success, ("Content-Type", "text/xml")));

        var result = await Client(handler).AssumeRoleWithWebIdentityAsync("arn:aws:iam::123456789012:role/ci", "s", "token", null, CancellationToken.None);

        Assert.Equal(("ASIAWEB", "123456789012"), (result.Credentials.AccessKeyId, result.Credentials.AccountId));
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("sts.us-east-1.amazonaws.com", r.Uri.Host));
    }

    [Fact]
    public async Task InvalidIdentityToken_is_final()
    {
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(400, Error("InvalidIdentityToken"), ("Content-Type", "text/xml")));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client(handler).AssumeRoleWithWebIdentityAsync("arn:aws:iam::123456789012:role/ci", "s", "token", null, CancellationToken.None));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_web_identity_call_is_unsigned()
    {
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, Success, ("Content-Type", "text/xml")));

        await Client(handler).AssumeRoleWithWebIdentityAsync("arn:aws:iam::123456789012:role/ci", "s", "token", null, CancellationToken.None);

        Assert.Null(handler.Requests.Single().Header("Authorization"));
    }
}
