using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Sandbox.Wire;

/// <summary>
/// AWS Signature Version 4, the sandbox's own implementation (it must not share code with Sesame.Core).
/// Rules: docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html and
/// ../shared/docs/aws-wire-reference.md §2; validated against the worked example there and against botocore.
/// </summary>
public static class SigV4
{
    /// <summary>The only algorithm SigV4 defines.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>SHA-256 of the empty string: the payload hash of a request with no body.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The X-Amz-Date format, <c>YYYYMMDDTHHMMSSZ</c>.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The signing key: HMAC chain over date, region, service and <c>aws4_request</c>.</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    /// <summary>The string to sign for a canonical request.</summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>Hex HMAC-SHA256 of the string to sign with the signing key.</summary>
    public static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>
    /// The canonical request: method, canonical URI, canonical query, canonical headers (for exactly the
    /// names in <paramref name="signedHeaders"/>), the signed-header list and the payload hash.
    /// </summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="rawPath">The path as sent on the wire (still percent-encoded).</param>
    /// <param name="rawQuery">The query string as sent, without '?', or empty.</param>
    /// <param name="headers">Request headers; names compared case-insensitively.</param>
    /// <param name="signedHeaders">Lower-case header names, ';'-separated, as received.</param>
    /// <param name="payloadHash">Hex SHA-256 of the body, or the X-Amz-Content-SHA256 value.</param>
    /// <param name="excludeQueryKey">A query key left out (X-Amz-Signature for pre-signed URLs).</param>
    public static string CanonicalRequest(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        string signedHeaders,
        string payloadHash,
        string? excludeQueryKey = null)
    {
        var sb = new StringBuilder();
        sb.Append(method.ToUpperInvariant()).Append('\n');
        sb.Append(CanonicalUri(rawPath)).Append('\n');
        sb.Append(CanonicalQuery(rawQuery, excludeQueryKey)).Append('\n');
        var byName = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(',', g.Select(h => TrimAll(h.Value))), StringComparer.Ordinal);
        foreach (var name in signedHeaders.Split(';'))
        {
            sb.Append(name).Append(':').Append(byName.GetValueOrDefault(name, string.Empty)).Append('\n');
        }

        sb.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>
    /// Canonical URI as botocore builds it for non-S3 services: dot segments removed, then the
    /// (already encoded) path percent-encoded again with '/' and '~' left alone.
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not "." and not "")
            {
                segments.Add(segment);
            }
        }

        var normalized = "/" + string.Join('/', segments);
        if (rawPath.EndsWith('/') && normalized.Length > 1)
        {
            normalized += "/";
        }

        return Encode(normalized, keepSlash: true);
    }

    /// <summary>
    /// Canonical query: keys and values percent-decoded, re-encoded with only <c>A-Za-z0-9-_.~</c> left
    /// as they are, sorted by key then value, joined with '&amp;'.
    /// </summary>
    public static string CanonicalQuery(string rawQuery, string? excludeKey = null)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var part in rawQuery.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..]);
            if (excludeKey is not null && key == excludeKey)
            {
                continue;
            }

            pairs.Add((Encode(key, keepSlash: false), Encode(value, keepSlash: false)));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986 percent-encoding: unreserved characters stay, everything else is %XX (upper hex).</summary>
    public static string Encode(string value, bool keepSlash)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Trims a header value and collapses inner runs of whitespace to one space.</summary>
    public static string TrimAll(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
