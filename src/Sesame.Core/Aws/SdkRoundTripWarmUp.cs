using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace Sesame.Core.Aws;

/// <summary>
/// The second half of <see cref="SdkWarmUp"/>, run while the process's first STS request is on the
/// network: one complete AssumeRole call through the SDK against an in-memory answer (marshalling,
/// SigV4 with a made-up key, the request and response pipeline, XML unmarshalling). A cold call spends
/// much of its time compiling that code on first use — each async step of the SDK's pipeline is a
/// generic instantiation ReadyToRun cannot compile ahead of time — and the main thread is idle while it
/// waits for STS, so the compiling happens then instead of after the answer arrives and before the next
/// hop. Started any earlier, it competes with the main thread for the same work (docs/benchmarks.md).
/// Nothing leaves the process; only compiled code is kept.
/// </summary>
internal static class SdkRoundTripWarmUp
{
    private const string CannedAnswer =
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
        + "<Credentials><AccessKeyId>ASIAWARMUPWARMUPWARM</AccessKeyId><SecretAccessKey>warm-up</SecretAccessKey>"
        + "<SessionToken>warm-up</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
        + "<AssumedRoleUser><AssumedRoleId>AROAWARMUP:warm-up</AssumedRoleId><Arn>arn:aws:sts::000000000000:assumed-role/warm-up/warm-up</Arn></AssumedRoleUser>"
        + "</AssumeRoleResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></AssumeRoleResponse>";

    private static int _started;

    /// <summary>Starts the round trip unless it already ran in this process.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Run(), null);
        }
    }

    private static void Run()
    {
        try
        {
            var config = SdkCalls.NewConfig<AmazonSecurityTokenServiceConfig>();
            config.ServiceURL = "https://sts.amazonaws.com";
            config.AuthenticationRegion = "us-east-1";
            config.MaxErrorRetry = 0;
            config.HttpClientFactory = new HandlerHttpClientFactory(new CannedHandler());
            using var client = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("AKIAWARMUPWARMUPWARM", "warm-up"), config);
            client.AssumeRoleAsync(new Amazon.SecurityToken.Model.AssumeRoleRequest { RoleArn = "arn:aws:iam::000000000000:role/warm-up", RoleSessionName = "warm-up" })
                .GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Best effort: a failure here only means the real call does the work itself.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
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
