using System.Net;

namespace Sesame.Testing.Replay;

/// <summary>A recorded request: method, URI and headers (header names lower-case).</summary>
public sealed record RecordedRequest(string Method, string Uri, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers);

/// <summary>A recorded answer, or a connection-level failure when <see cref="Error"/> is set.</summary>
public sealed record RecordedResponse(int Status, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers, byte[] Body, string? Error = null);

/// <summary>One request and its answer.</summary>
public sealed record RecordedExchange(RecordedRequest Request, RecordedResponse Response);

/// <summary>What the replay compares besides method and URI.</summary>
/// <param name="CheckedHeaders">Header names (lower-case) whose presence and value must match the recording.</param>
/// <param name="IgnoreTrailingSlash">Treat <c>/a/</c> and <c>/a</c> as the same path.</param>
public sealed record ReplayOptions(IReadOnlyList<string> CheckedHeaders, bool IgnoreTrailingSlash = false);

/// <summary>
/// Serves recorded HTTP exchanges in order and refuses everything else, so no request can reach a
/// network. Each request must match the next recording: method, scheme, host, port, path and the
/// set of query parameters (in any order), and the checked headers (a content type by media type,
/// ignoring parameters such as charset). A request that does not match, or comes after the
/// recording ran out, is recorded in <see cref="Failures"/> and fails like a refused connection.
/// </summary>
public sealed class ReplayHandler : HttpMessageHandler
{
    private static readonly HashSet<string> SkippedResponseHeaders = new(StringComparer.OrdinalIgnoreCase) { "content-length", "transfer-encoding", "connection" };
    private readonly Queue<RecordedExchange> _pending;
    private readonly ReplayOptions _options;
    private readonly List<string> _failures = [];
    private readonly List<string> _served = [];

    public ReplayHandler(IEnumerable<RecordedExchange> exchanges, ReplayOptions options)
    {
        _pending = new Queue<RecordedExchange>(exchanges);
        _options = options;
    }

    /// <summary>Requests that were not recorded or did not match.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_pending)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Requests answered from the recording (method and URI).</summary>
    public IReadOnlyList<string> Served
    {
        get
        {
            lock (_pending)
            {
                return [.. _served];
            }
        }
    }

    /// <summary>Recorded exchanges not yet requested.</summary>
    public int Remaining
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RecordedExchange exchange;
        lock (_pending)
        {
            var described = $"{request.Method} {request.RequestUri}";
            if (_pending.Count == 0)
            {
                _failures.Add($"unexpected request {described}: nothing more was recorded");
                throw new HttpRequestException($"replay: {described} was not recorded");
            }

            var mismatch = Compare(_pending.Peek().Request, request);
            if (mismatch is not null)
            {
                _failures.Add($"request {described} does not match the recording: {mismatch}");
                throw new HttpRequestException($"replay: {described} does not match the recording");
            }

            exchange = _pending.Dequeue();
            _served.Add(described);
        }

        if (exchange.Response.Error is { } error)
        {
            throw new HttpRequestException($"replay: recorded failure: {error}");
        }

        return Task.FromResult(Build(exchange.Response, request));
    }

    private string? Compare(RecordedRequest expected, HttpRequestMessage actual)
    {
        if (!string.Equals(expected.Method, actual.Method.Method, StringComparison.OrdinalIgnoreCase))
        {
            return $"method {actual.Method.Method}, recorded {expected.Method}";
        }

        var uriProblem = UriComparison.Compare(expected.Uri, actual.RequestUri!, _options.IgnoreTrailingSlash);
        if (uriProblem is not null)
        {
            return uriProblem;
        }

        foreach (var name in _options.CheckedHeaders)
        {
            var want = expected.Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;
            var have = HeaderValue(actual, name);
            if (name == "content-type")
            {
                want = MediaType(want);
                have = MediaType(have);
            }

            if (!string.Equals(want, have, StringComparison.Ordinal))
            {
                return $"header {name} is {(have is null ? "absent" : $"'{have}'")}, recorded {(want is null ? "absent" : $"'{want}'")}";
            }
        }

        return null;
    }

    private static string? HeaderValue(HttpRequestMessage request, string name)
    {
        if (request.Headers.TryGetValues(name, out var values) || (request.Content is not null && request.Content.Headers.TryGetValues(name, out values)))
        {
            return string.Join(",", values);
        }

        return null;
    }

    private static string? MediaType(string? contentType)
        => contentType?.Split(';')[0].Trim().ToLowerInvariant();

    private static HttpResponseMessage Build(RecordedResponse recorded, HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)recorded.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(recorded.Body),
        };

        // content-length is recomputed from the body (the recordings' values are stale).
        foreach (var (name, values) in recorded.Headers)
        {
            if (SkippedResponseHeaders.Contains(name))
            {
                continue;
            }

            if (!response.Headers.TryAddWithoutValidation(name, values))
            {
                response.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return response;
    }
}
