using System.Net;

namespace Sesame.Core.Servers;

/// <summary>
/// One parsed HTTP/1.1 request head (request line and header fields) as <see cref="LoopbackHttpServer"/>
/// hands it to a handler. The body, if any, has been read and discarded: the credential servers never
/// need one. <see cref="ToString"/> shows only the method and path, never header values (they carry
/// tokens).
/// </summary>
public sealed class LoopbackRequest
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    /// <summary>Creates a request (the server parses them; tests may build them).</summary>
    public LoopbackRequest(string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers, IPEndPoint remote, IPEndPoint local)
    {
        Method = method;
        Target = target;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        Path = query < 0 ? target : target[..query];
        Query = query < 0 ? null : target[(query + 1)..];
        _headers = headers;
        Remote = remote;
        Local = local;
    }

    /// <summary>The method, as sent (methods are case-sensitive: <c>GET</c>, <c>PUT</c>).</summary>
    public string Method { get; }

    /// <summary>The request target as sent (origin form: path and query).</summary>
    public string Target { get; }

    /// <summary>The path part of the target, still percent-encoded.</summary>
    public string Path { get; }

    /// <summary>The query part of the target without the '?', or <c>null</c>.</summary>
    public string? Query { get; }

    /// <summary>The client's address and port.</summary>
    public IPEndPoint Remote { get; }

    /// <summary>The address and port the client connected to.</summary>
    public IPEndPoint Local { get; }

    /// <summary>All header fields in the order received (names as sent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>The value of the only field named <paramref name="name"/> (case-insensitive), or <c>null</c> when absent.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>How many fields named <paramref name="name"/> were sent.</summary>
    public int HeaderCount(string name)
    {
        var count = 0;
        foreach (var (key, _) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}";
}
