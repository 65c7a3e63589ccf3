using Sesame.Core.Aws;

namespace Sesame.Core.Providers;

/// <summary>How one request to a metadata endpoint ended.</summary>
internal enum MetadataOutcome
{
    /// <summary>The endpoint answered (any status).</summary>
    Answered,

    /// <summary>No answer within the timeout.</summary>
    TimedOut,

    /// <summary>The connection failed (refused, no route, reset).</summary>
    Unreachable,
}

/// <summary>One answer from a metadata endpoint.</summary>
internal readonly record struct MetadataResponse(MetadataOutcome Outcome, int Status, byte[] Body, string? Error)
{
    /// <summary>True for an answer with status 200 and a non-empty body.</summary>
    public bool IsOkWithBody => Outcome == MetadataOutcome.Answered && Status == 200 && Body.Length > 0;

    /// <summary>True for an answer that says "try again later" (5xx, 429).</summary>
    public bool IsServerBusy => Outcome == MetadataOutcome.Answered && (Status >= 500 || Status == 429);

    /// <summary>A short description for messages (status or failure; never the body).</summary>
    public string Describe(TimeSpan timeout) => Outcome switch
    {
        MetadataOutcome.Answered => $"HTTP {Status}",
        MetadataOutcome.TimedOut => $"no answer within {timeout.TotalSeconds:0.###} s",
        _ => $"could not connect ({Error})",
    };
}

/// <summary>
/// Plain HTTP to the container-credentials and instance-metadata endpoints (no AWS SDK: these are
/// link-local or loopback services with their own tiny protocols). No proxy is used: the endpoints
/// are only reachable directly. The per-request timeout runs on the injected clock, like every
/// other wait in Sesame, so tests decide when it expires.
/// </summary>
internal static class MetadataHttp
{
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>A client over the test handler, if one is given, else a direct (proxy-less) connection.</summary>
    public static HttpClient CreateClient(AwsHttpOptions http)
    {
        var client = http.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }, disposeHandler: true);
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.MaxResponseContentBufferSize = MaxBodyBytes;
        return client;
    }

    /// <summary>Sends a request (disposing it) and reads the whole answer, or reports why there is none.</summary>
    public static async Task<MetadataResponse> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var owned = request;
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            return new MetadataResponse(MetadataOutcome.Answered, (int)response.StatusCode, body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MetadataResponse(MetadataOutcome.TimedOut, 0, [], null);
        }
        catch (HttpRequestException e)
        {
            return new MetadataResponse(MetadataOutcome.Unreachable, 0, [], e.Message);
        }
    }
}
