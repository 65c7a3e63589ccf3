using System.Net;
using System.Runtime.CompilerServices;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws.Wire;

/// <summary>One AWS call: where it goes, what it sends and how its errors read.</summary>
/// <param name="Service">The service as errors name it (<c>STS</c>, <c>SSO</c>, <c>SSO OIDC</c>, <c>IAM</c>).</param>
/// <param name="Operation">The operation (<c>AssumeRole</c>, …).</param>
/// <param name="Method">GET or POST.</param>
/// <param name="Url">The full URL (endpoint, path and query).</param>
/// <param name="Body">The body, or <c>null</c>.</param>
/// <param name="ContentType">The body's content type, or <c>null</c>.</param>
/// <param name="Headers">Further headers (the portal's bearer token), never logged.</param>
/// <param name="Sign">Signs the request for a time (SigV4), or <c>null</c> for unsigned operations.</param>
/// <param name="ReadError">Reads the service's error code and message from a failed answer.</param>
/// <param name="RetryableCodes">The operation's own retryable error codes (STS: <c>IDPCommunicationError</c>).</param>
internal sealed record AwsRequest(
    string Service,
    string Operation,
    HttpMethod Method,
    Uri Url,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Action<HttpRequestMessage, DateTimeOffset>? Sign,
    Func<AwsAnswer, AwsError> ReadError,
    IReadOnlyList<string> RetryableCodes);

/// <summary>An HTTP answer: status, body and the headers the protocols read.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body.</param>
/// <param name="ErrorType">The <c>x-amzn-ErrorType</c> header (REST-JSON error code), or <c>null</c>.</param>
/// <param name="Date">The <c>Date</c> header, or <c>null</c>.</param>
internal sealed record AwsAnswer(int Status, byte[] Body, string? ErrorType, DateTimeOffset? Date);

/// <summary>A service error's code (when the service sent one) and message.</summary>
/// <param name="Code">The error code, or <c>null</c>.</param>
/// <param name="Message">The message, or <c>null</c>.</param>
internal readonly record struct AwsError(string? Code, string? Message);

/// <summary>
/// Sends AWS calls the way the AWS SDK for .NET did for Sesame: the HTTP seam
/// (<see cref="AwsHttpOptions.Handler"/>, else one shared socket handler honouring the usual proxy
/// variables), a timeout per attempt (<see cref="AwsHttpOptions.Timeout"/>, else 100 s, the SDK's),
/// the standard retry mode (<see cref="RetryRules"/>) with its backoff waited on the injected clock,
/// clock-skew correction, the SDKs' <c>amz-sdk-invocation-id</c> and <c>amz-sdk-request</c> headers,
/// a user agent, and one mapping of failures to <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsTransport
{
    /// <summary>The SDK's default per-attempt timeout (HttpClient's).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false, AllowAutoRedirect = false },
        disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan });

    private static readonly Dictionary<string, TimeSpan> ClockCorrections = new(StringComparer.OrdinalIgnoreCase);

    private readonly AwsHttpOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    public AwsTransport(AwsHttpOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _http = options.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }
            : SharedClient.Value;
    }

    /// <summary>The user agent: Sesame, its version, the OS and the runtime, in the SDKs' <c>name/version</c> form.</summary>
    public static string UserAgent { get; } = $"sesame/{typeof(AwsTransport).Assembly.GetName().Version?.ToString(3) ?? "0"} ua/2.1 os/{Os} lang/dotnet#{Environment.Version.ToString(2)}";

    private static string Os => OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsWindows() ? "windows" : "other";

    /// <summary>
    /// Sends <paramref name="request"/> until it succeeds or the attempts are used up, and reads the
    /// successful answer with <paramref name="read"/> (a <see cref="FormatException"/> there means an
    /// unreadable answer, which is retried like a transient error).
    /// </summary>
    public async Task<T> CallAsync<T>(AwsRequest request, Func<AwsAnswer, T> read, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(1, _options.MaxAttempts);
        var invocation = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            var failure = await AttemptAsync(request, read, invocation, attempt, attempts, cancellationToken).ConfigureAwait(false);
            if (failure.Result is { } result)
            {
                return result.Value!;
            }

            if (!failure.Retry || attempt >= attempts)
            {
                throw failure.Error!;
            }

            var wait = RetryRules.Backoff(attempt, Random.Shared.NextDouble());
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Outcome<T>> AttemptAsync<T>(AwsRequest request, Func<AwsAnswer, T> read, string invocation, int attempt, int attempts, CancellationToken cancellationToken)
    {
        var host = request.Url.Authority;
        var signedAt = _time.GetUtcNow() + Correction(host);
        var timeout = _options.Timeout ?? DefaultTimeout;
        AwsAnswer answer;
        using (var message = Build(request, invocation, attempt, attempts, signedAt))
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
                answer = new AwsAnswer(
                    (int)response.StatusCode,
                    body,
                    response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? string.Join(",", types) : null,
                    response.Headers.Date);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                return Outcome<T>.Failed(new AwsServiceException(request.Service, request.Operation, null, $"{Where(request)} did not answer within {timeout.TotalSeconds:0} s", 0, retryable: true, e), retry: true);
            }
            catch (HttpRequestException e)
            {
                return Outcome<T>.Failed(new AwsServiceException(request.Service, request.Operation, null, $"could not reach {Where(request)}: {e.Message}", 0, retryable: true, e), retry: true);
            }
            catch (IOException e)
            {
                return Outcome<T>.Failed(new AwsServiceException(request.Service, request.Operation, null, $"could not reach {Where(request)}: {e.Message}", 0, retryable: true, e), retry: true);
            }
            catch (NotSupportedException e)
            {
                // HttpClient refuses an endpoint scheme it cannot speak: a setting, not a bug.
                return Outcome<T>.Failed(new AwsServiceException(request.Service, request.Operation, null, $"the endpoint {Where(request)} cannot be used: {e.Message}; use an http:// or https:// URL", 0, retryable: false, e), retry: false);
            }
        }

        if (answer.Status is >= 200 and < 300)
        {
            try
            {
                return Outcome<T>.Succeeded(read(answer));
            }
            catch (FormatException e)
            {
                // A successful status with a body that cannot be read: the SDKs retry it (it may have been cut short).
                return Outcome<T>.Failed(new AwsServiceException(request.Service, request.Operation, null, $"the answer could not be read ({e.Message})", answer.Status, retryable: true, e), retry: true);
            }
        }

        var error = request.ReadError(answer);
        if (RetryRules.IsClockSkew(error.Code, answer.Date, signedAt))
        {
            SetCorrection(host, answer.Date!.Value - _time.GetUtcNow());
            return Outcome<T>.Failed(ServiceError(request, answer, error), retry: true);
        }

        return Outcome<T>.Failed(ServiceError(request, answer, error), RetryRules.IsRetryable(answer.Status, error.Code, request.RetryableCodes));
    }

    private static HttpRequestMessage Build(AwsRequest request, string invocation, int attempt, int attempts, DateTimeOffset signedAt)
    {
        var message = new HttpRequestMessage(request.Method, request.Url);
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (request.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        message.Headers.TryAddWithoutValidation("amz-sdk-invocation-id", invocation);
        message.Headers.TryAddWithoutValidation("amz-sdk-request", $"attempt={attempt}; max={attempts}");
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        request.Sign?.Invoke(message, signedAt);
        return message;
    }

    private static AwsServiceException ServiceError(AwsRequest request, AwsAnswer answer, AwsError error)
    {
        var transient = answer.Status >= 500 || answer.Status == 429 || RetryRules.IsThrottling(error.Code);

        // Without an error code (an empty 503, say) the status says more than any generic text.
        var message = error.Code is null
            ? $"the service answered HTTP {answer.Status} ({(HttpStatusCode)answer.Status}) without an error message"
            : error.Message ?? $"HTTP {answer.Status}";
        return new AwsServiceException(request.Service, request.Operation, error.Code, message, answer.Status, transient);
    }

    private static string Where(AwsRequest request) => request.Url.GetLeftPart(UriPartial.Authority);

    private static TimeSpan Correction(string host)
    {
        lock (ClockCorrections)
        {
            return ClockCorrections.TryGetValue(host, out var correction) ? correction : TimeSpan.Zero;
        }
    }

    private static void SetCorrection(string host, TimeSpan correction)
    {
        lock (ClockCorrections)
        {
            ClockCorrections[host] = correction;
        }
    }

    private readonly record struct Outcome<T>(StrongBox<T>? Result, AwsServiceException? Error, bool Retry)
    {
        public static Outcome<T> Succeeded(T value) => new(new StrongBox<T>(value), null, false);

        public static Outcome<T> Failed(AwsServiceException error, bool retry) => new(null, error, retry);
    }
}
