using System.Text;

namespace Sesame.Sandbox.Wire;

/// <summary>
/// Query-protocol parameters (STS, IAM): <c>application/x-www-form-urlencoded</c> body plus the URL query,
/// decoded for reading only. The original bytes are never rebuilt from this (SigV4 hashes the raw body).
/// </summary>
public sealed class FormParameters
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    /// <summary>All pairs in the order they were sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>The first value for <paramref name="name"/>, or null.</summary>
    public string? this[string name] => _pairs.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>Parses a request's query and, for form bodies, its body.</summary>
    public static FormParameters From(WireRequest request)
    {
        var result = new FormParameters();
        result.Add(request.RawQuery);
        var contentType = request.Header("Content-Type") ?? string.Empty;
        if (request.Body.Length > 0 && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            result.Add(Encoding.UTF8.GetString(request.Body));
        }

        return result;
    }

    /// <summary>Parses one urlencoded string (used for bodies the sandbox builds itself).</summary>
    public static FormParameters Parse(string encoded)
    {
        var result = new FormParameters();
        result.Add(encoded);
        return result;
    }

    /// <summary>Encodes pairs as botocore does (quote_plus): the sandbox's own outgoing query bodies.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private void Add(string encoded)
    {
        foreach (var part in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? string.Empty : Decode(part[(eq + 1)..]);
            _pairs.Add(new(key, value));
        }
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
