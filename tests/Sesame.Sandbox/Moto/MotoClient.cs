using System.Globalization;
using System.Net;
using System.Text;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Moto;

/// <summary>
/// Talks to moto: forwards client requests byte for byte, makes the sandbox's own (signed) query calls,
/// and opens short unauthenticated windows for administration (creating roles after authentication is on).
/// </summary>
internal sealed class MotoClient : IDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Connection", "Transfer-Encoding", "Keep-Alive", "Expect", "Upgrade", "TE",
        "Proxy-Connection", "Proxy-Authorization", "x-moto-account-id",
    };

    private static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length", "Server", "Date",
    };

    private readonly HttpClient _http;
    private readonly AsyncGate _gate = new();
    private readonly TimeProvider _clock;

    public MotoClient(Uri endpoint, TimeProvider clock)
    {
        Endpoint = endpoint;
        _clock = clock;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        })
        { Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Endpoint { get; }

    /// <summary>The Host header of the sandbox's own requests.</summary>
    public string Host => $"{Endpoint.Host}:{Endpoint.Port}";

    /// <summary>
    /// Sends a client's request to moto unchanged: same method, path, query, body bytes and headers,
    /// including Host, which moto uses to recompute the signature. <paramref name="replace"/> overrides
    /// headers (used when the front re-signs a session's request).
    /// </summary>
    public async Task<MotoResponse> ForwardAsync(WireRequest request, IReadOnlyDictionary<string, string>? replace, CancellationToken cancellationToken)
    {
        using var _ = await _gate.EnterSharedAsync(cancellationToken);
        var target = new Uri(Endpoint, request.RawPath + (request.RawQuery.Length > 0 ? "?" + request.RawQuery : string.Empty));
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        var headers = request.Headers.Where(h => replace is null || !replace.ContainsKey(h.Key)).ToList();
        if (replace is not null)
        {
            headers.AddRange(replace.Select(r => new KeyValuePair<string, string>(r.Key, r.Value)));
        }

        string? contentType = null;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Host = value;
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (!NotForwarded.Contains(name))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body.Length > 0 || contentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (contentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return await SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// A query-protocol call of the sandbox's own (IAM or STS), signed with <paramref name="credentials"/>,
    /// or with a placeholder key while moto's authentication is off; <paramref name="accountId"/> picks the
    /// moto account for unauthenticated calls.
    /// </summary>
    public async Task<MotoResponse> QueryAsync(string service, string action, IEnumerable<KeyValuePair<string, string>> parameters,
        SigningCredentials? credentials, string? accountId, CancellationToken cancellationToken, bool alreadyInside = false)
    {
        var version = service == "iam" ? "2010-05-08" : "2011-06-15";
        var body = Encoding.UTF8.GetBytes(FormParameters.Encode(new[] { new KeyValuePair<string, string>("Action", action), new("Version", version) }.Concat(parameters)));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = Host,
            ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8",
        };
        var signer = credentials ?? new SigningCredentials("AKIASANDBOXSEEDING01", "sandbox-seeding-placeholder-secret", null);
        SigV4Signer.Sign("POST", "/", string.Empty, headers, body, signer.AccessKeyId, signer.SecretAccessKey, signer.SessionToken,
            "us-east-1", service, _clock.GetUtcNow());
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, "/"));
        message.Headers.Host = Host;
        foreach (var (name, value) in headers)
        {
            if (name is not "Host" and not "Content-Type")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (accountId is not null)
        {
            message.Headers.TryAddWithoutValidation("x-moto-account-id", accountId);
        }

        message.Content = new ByteArrayContent(body);
        message.Content.Headers.TryAddWithoutValidation("Content-Type", headers["Content-Type"]);
        if (alreadyInside)
        {
            return await SendAsync(message, cancellationToken);
        }

        using var _ = await _gate.EnterSharedAsync(cancellationToken);
        return await SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with moto's authentication off and every other moto call held back,
    /// then switches authentication on again (POST /moto-api/reset-auth, body 0).
    /// </summary>
    public async Task<T> WithoutAuthenticationAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        using var _ = await _gate.EnterExclusiveAsync(cancellationToken);
        await ResetAuthAsync("1000000000", cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            await ResetAuthAsync("0", CancellationToken.None);
        }
    }

    /// <summary>Sets moto's count of requests served before authentication starts (0 = on now).</summary>
    public async Task ResetAuthAsync(string count, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, "/moto-api/reset-auth"))
        {
            Content = new StringContent(count, Encoding.UTF8, "text/plain"),
        };
        var response = await SendAsync(message, cancellationToken);
        if (!response.Ok)
        {
            throw new InvalidOperationException($"moto refused reset-auth: HTTP {response.Status.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<MotoResponse> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !NotReturned.Contains(h.Key))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        return new MotoResponse((int)response.StatusCode, headers, body);
    }
}

/// <summary>Keys the sandbox signs its own moto calls with.</summary>
/// <param name="AccessKeyId">Key id.</param>
/// <param name="SecretAccessKey">Secret.</param>
/// <param name="SessionToken">Session token, or null.</param>
internal sealed record SigningCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>Redacted: secrets never reach logs.</summary>
    public override string ToString() => $"SigningCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ** redacted ** }}";
}
