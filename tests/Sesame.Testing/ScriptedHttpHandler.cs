using System.Net;
using System.Text;

namespace Sesame.Testing;

/// <summary>A request as the handler saw it (headers and body captured before the request is disposed).</summary>
public sealed record CapturedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The body as text (empty when there is none).</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The body's Content-Type, or <c>null</c>.</summary>
    public string? ContentType { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An HTTP handler that answers from a script (a function of the request and its 1-based number)
/// and records every request. Nothing reaches a network.
/// </summary>
public sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly Func<CapturedRequest, int, CancellationToken, Task<HttpResponseMessage>> _answer;
    private readonly List<CapturedRequest> _requests = [];

    public ScriptedHttpHandler(Func<CapturedRequest, int, CancellationToken, Task<HttpResponseMessage>> answer) => _answer = answer;

    public ScriptedHttpHandler(Func<CapturedRequest, int, HttpResponseMessage> answer)
        : this((request, number, _) => Task.FromResult(answer(request, number)))
    {
    }

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>An answer with a status, a body and headers.</summary>
    public static HttpResponseMessage Respond(int status, string body = "", params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(",", values);
        }

        var captured = new CapturedRequest(request.Method, request.RequestUri!, headers)
        {
            Body = request.Content?.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult() ?? string.Empty,
            ContentType = request.Content?.Headers.ContentType?.ToString(),
        };
        int number;
        lock (_requests)
        {
            _requests.Add(captured);
            number = _requests.Count;
        }

        return _answer(captured, number, cancellationToken);
    }
}

/// <summary>Drives a <see cref="ManualTimeProvider"/> while code under test waits on it.</summary>
public static class ManualTime
{
    /// <summary>Advances the clock in steps until <paramref name="task"/> ends (at most 10 s of real time).</summary>
    public static async Task AdvanceUntilDone(this ManualTimeProvider time, Task task, TimeSpan step)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the task did not finish while the manual clock advanced");
            }

            await Task.Delay(5);
            time.Advance(step);
        }
    }
}
