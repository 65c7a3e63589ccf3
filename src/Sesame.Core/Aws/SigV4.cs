using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>What <c>SigV4.Sign</c> produced; the intermediate values are kept for tests.</summary>
/// <param name="Authorization">The Authorization header value.</param>
/// <param name="AmzDate">The X-Amz-Date header value.</param>
/// <param name="CanonicalRequest">The canonical request that was hashed.</param>
/// <param name="StringToSign">The string that was signed.</param>
/// <param name="Signature">The hex signature.</param>
public sealed record SigV4Result(string Authorization, string AmzDate, string CanonicalRequest, string StringToSign, string Signature);

/// <summary>
/// AWS Signature Version 4 for the small Query-API calls Sesame makes itself (IAM key rotation,
/// STS GetCallerIdentity): POST to <c>/</c> with a form body and the headers
/// <c>content-type;host;x-amz-date[;x-amz-security-token]</c>, as botocore signs them
/// (docs: aws-wire-reference.md §2; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html).
/// </summary>
public static class SigV4
{
    /// <summary>The content type of Query API requests (it is signed).</summary>
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>Signs a Query API POST to <c>/</c> of <paramref name="host"/>.</summary>
    /// <param name="host">The Host header exactly as sent (with the port when it is not the default).</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="credentials">The signing credentials (a session token is sent and signed).</param>
    /// <param name="region">The signing region.</param>
    /// <param name="service">The signing name (<c>iam</c>, <c>sts</c>).</param>
    /// <param name="time">The request time.</param>
    public static SigV4Result Sign(string host, ReadOnlySpan<byte> body, AwsCredentials credentials, string region, string service, DateTimeOffset time)
        => Sign(host, "/", body, credentials, region, service, time);

    /// <summary>Signs a Query API POST to <paramref name="path"/> of <paramref name="host"/>.</summary>
    /// <param name="host">The Host header exactly as sent (with the port when it is not the default).</param>
    /// <param name="path">The request path as sent (already percent-encoded, as <see cref="Uri.AbsolutePath"/> gives it).</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="credentials">The signing credentials (a session token is sent and signed).</param>
    /// <param name="region">The signing region.</param>
    /// <param name="service">The signing name (<c>iam</c>, <c>sts</c>).</param>
    /// <param name="time">The request time.</param>
    public static SigV4Result Sign(string host, string path, ReadOnlySpan<byte> body, AwsCredentials credentials, string region, string service, DateTimeOffset time)
    {
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = FormContentType,
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.SessionToken is not null)
        {
            headers["x-amz-security-token"] = credentials.SessionToken;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder("POST\n").Append(CanonicalPath(path)).Append("\n\n");
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));
        var canonicalRequest = canonical.ToString();
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        var authorization = $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Result(authorization, amzDate, canonicalRequest, stringToSign, signature);
    }

    // Every service but S3 encodes each path segment once more (the path as sent is already encoded).
    private static string CanonicalPath(string path)
    {
        if (path.Length == 0 || path == "/")
        {
            return "/";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Uri.EscapeDataString(segments[i]);
        }

        return string.Join('/', segments);
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
