using System.Text.Json;
using System.Web;
using Sesame.Core.Aws;
using Sesame.Core.SignIn;
using Sesame.Tests.Aws;
using Sesame.Testing;

namespace Sesame.Tests.SignIn;

/// <summary>GetFederationToken through Sesame's STS client (SigV4-signed with the user's key) against moto.</summary>
public sealed class ConsoleSignInMotoTests(MotoFixture moto) : IClassFixture<MotoFixture>
{
    [Fact]
    public async Task Long_term_keys_are_federated_by_a_signed_sts_call_and_only_the_federation_session_reaches_the_endpoint()
    {
        var federation = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, """{"SigninToken":"token"}"""));
        var log = new RecordingLog();
        var signIn = new ConsoleSignIn(new StsClientFactory(), new AwsHttpOptions(Handler: federation), TimeProvider.System, log);

        var login = await signIn.CreateLoginAsync(new ConsoleSignInRequest
        {
            Credentials = moto.UserKey,
            Source = ConsoleSessionSource.LongTermKeys,
            FederationEndpoint = new Uri("https://signin.aws.amazon.com/federation"),
            StsEndpoint = new AwsEndpoint("us-east-1", moto.Endpoint, false, false),
        }, CancellationToken.None);

        var session = JsonDocument.Parse(HttpUtility.ParseQueryString(Assert.Single(federation.Requests).Uri.Query)["Session"]!).RootElement;
        // (moto answers GetFederationToken with a fixed example key; AWS gives an ASIA… key.)
        Assert.NotEqual(moto.UserKey.AccessKeyId, session.GetProperty("sessionId").GetString());
        Assert.False(string.IsNullOrEmpty(session.GetProperty("sessionToken").GetString()));
        Assert.EndsWith(":federated-user/alice", login.FederatedUserArn, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(federation.Requests[0].Uri.ToString() + log.Text, moto.UserKey.AccessKeyId, moto.UserKey.SecretAccessKey);
    }
}
