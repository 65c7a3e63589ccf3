using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sesame.Sandbox.Wire;

/// <summary>An HTTP request exactly as it arrived: raw path and query, every header, the body bytes.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="RawPath">Path still percent-encoded, as on the wire.</param>
/// <param name="RawQuery">Query string without '?', as on the wire.</param>
/// <param name="Headers">Every header value, in arrival order.</param>
/// <param name="Body">The body bytes as received (never decoded and re-encoded: SigV4 hashes them).</param>
public sealed record WireRequest(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The first value of a header, or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Reads the request from Kestrel without normalising anything.</summary>
    public static async Task<WireRequest> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString);
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? raw : raw[..q];
        var query = q < 0 ? string.Empty : raw[(q + 1)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(key, value ?? string.Empty));
            }
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        return new WireRequest(context.Request.Method, path, query, headers, buffer.ToArray());
    }
}
