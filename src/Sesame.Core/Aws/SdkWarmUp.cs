using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace Sesame.Core.Aws;

/// <summary>
/// Prepares, on thread-pool threads, what the first AWS SDK call of a process needs. A cold call
/// spends most of its time there rather than on the network (docs/benchmarks.md): the SDK's
/// configuration and endpoint data, and hundreds of methods compiled on first use (each async step of
/// the SDK's pipeline is a generic instantiation ReadyToRun cannot compile ahead of time). Two phases,
/// each once per process; nothing is sent and no state is kept but loaded and compiled code.
/// </summary>
internal static class SdkWarmUp
{
    private const string CannedAnswer =
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
        + "<Credentials><AccessKeyId>ASIAWARMUPWARMUPWARM</AccessKeyId><SecretAccessKey>warm-up</SecretAccessKey>"
        + "<SessionToken>warm-up</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
        + "<AssumedRoleUser><AssumedRoleId>AROAWARMUP:warm-up</AssumedRoleId><Arn>arn:aws:sts::000000000000:assumed-role/warm-up/warm-up</Arn></AssumedRoleUser>"
        + "</AssumeRoleResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></AssumeRoleResponse>";

    private static int _started;
    private static int _roundTripStarted;

    /// <summary>
    /// When the first STS client is built: the SDK's client configuration and a client, OpenSSL
    /// (SigV4's HMAC), the XML reader (STS answers in XML) and the HTTP handler's types, while the main
    /// thread resolves the caller's credentials and builds its own client.
    /// </summary>
    public static void Start() => Once(ref _started, Prepare);

    /// <summary>
    /// Once the first STS request is on the network: one complete AssumeRole call through the SDK
    /// against an in-memory answer (marshalling, SigV4 with a made-up key, the request and response
    /// pipeline, XML unmarshalling), so the response side and the next hop's request are compiled while
    /// the main thread waits for STS. Started any earlier, it competes with the main thread for the same
    /// work and gains nothing on two cores.
    /// </summary>
    public static void StartRoundTrip() => Once(ref _roundTripStarted, RoundTrip);

    private static void Once(ref int flag, Action work)
    {
        if (Interlocked.Exchange(ref flag, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => BestEffort((Action)state!), work);
        }
    }

    private static void BestEffort(Action work)
    {
        try
        {
            work();
        }
#pragma warning disable CA1031 // Best effort: a failure here only means the real call does the work itself.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // A client configuration for the global endpoint; the warm-up calls never reach it.
    private static AmazonSecurityTokenServiceConfig Config()
    {
        var config = SdkCalls.NewConfig<AmazonSecurityTokenServiceConfig>();
        config.ServiceURL = "https://sts.amazonaws.com";
        config.AuthenticationRegion = "us-east-1";
        return config;
    }

    private static void Prepare()
    {
        // In the order the call needs them: the client (which reads the SDK's own settings and
        // endpoint data), then signing, then the answer.
        using (new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), Config()))
        {
        }

        _ = HMACSHA256.HashData("sesame"u8, "warm-up"u8);
        using (var reader = XmlReader.Create(new StringReader("<AssumeRoleResponse><Credentials><Expiration>2026-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResponse>")))
        {
            while (reader.Read())
            {
            }
        }

        using var handler = new SocketsHttpHandler();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("https://sts.amazonaws.com/"))
        {
            Content = new StringContent("Action=AssumeRole", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
    }

    private static void RoundTrip()
    {
        var config = Config();
        config.MaxErrorRetry = 0;
        config.HttpClientFactory = new HandlerHttpClientFactory(new CannedHandler());
        using var client = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("AKIAWARMUPWARMUPWARM", "warm-up"), config);
        client.AssumeRoleAsync(new Amazon.SecurityToken.Model.AssumeRoleRequest { RoleArn = "arn:aws:iam::000000000000:role/warm-up", RoleSessionName = "warm-up" })
            .GetAwaiter().GetResult();
    }

    /// <summary>Answers every request with the canned AssumeRole response, without a socket.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(CannedAnswer, Encoding.UTF8, "text/xml"),
            };
            response.Headers.Date = DateTimeOffset.UtcNow;
            response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
            return Task.FromResult(response);
        }
    }
}
