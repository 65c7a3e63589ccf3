using System.Security.Cryptography;
using System.Xml;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace Sesame.Core.Aws;

/// <summary>
/// Prepares, on a thread-pool thread, what the first AWS SDK call of a process needs: the SDK's
/// client configuration, OpenSSL (SigV4's HMAC), the XML reader (STS answers in XML) and the HTTP
/// handler's types. A cold call spends most of its time there rather than on the network
/// (docs/benchmarks.md), and the main thread meanwhile resolves the caller's credentials and builds
/// its own client, so the two overlap. Nothing is sent and no state is kept: this only runs type
/// initializers and loads code, once per process. <see cref="SdkRoundTripWarmUp"/> does the rest once
/// the first request is on the network.
/// </summary>
internal static class SdkWarmUp
{
    private static int _started;

    /// <summary>Starts the preparation unless it already ran in this process.</summary>
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
            // In the order the call needs them: the client (which reads the SDK's own settings and
            // endpoint data), then signing, then the answer.
            var config = SdkCalls.NewConfig<AmazonSecurityTokenServiceConfig>();
            config.ServiceURL = "https://sts.amazonaws.com";
            config.AuthenticationRegion = "us-east-1";
            using (new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config))
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
                Content = new StringContent("Action=AssumeRole", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        }
#pragma warning disable CA1031 // Best effort: a failure here only means the real call does the work itself.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
