using System.Text;

namespace Sesame.Sandbox.Wire;

/// <summary>Signs outgoing requests the way botocore does for query-protocol services (header auth).</summary>
public static class SigV4Signer
{
    /// <summary>
    /// Adds <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (when given) and <c>Authorization</c> to
    /// <paramref name="headers"/>, signing content-type, host, x-amz-date and the token.
    /// </summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="rawPath">Path as it will be sent.</param>
    /// <param name="rawQuery">Query string as it will be sent, without '?'.</param>
    /// <param name="headers">Headers to send; must hold Host (and Content-Type when there is a body).</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="accessKeyId">Signing key id.</param>
    /// <param name="secretAccessKey">Signing secret.</param>
    /// <param name="sessionToken">Session token, or null for long-term keys.</param>
    /// <param name="region">Scope region.</param>
    /// <param name="service">Scope service, e.g. <c>sts</c>.</param>
    /// <param name="now">Signing time.</param>
    public static void Sign(
        string method,
        string rawPath,
        string rawQuery,
        IDictionary<string, string> headers,
        ReadOnlySpan<byte> body,
        string accessKeyId,
        string secretAccessKey,
        string? sessionToken,
        string region,
        string service,
        DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString(SigV4.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        headers["X-Amz-Date"] = amzDate;
        if (sessionToken is not null)
        {
            headers["X-Amz-Security-Token"] = sessionToken;
        }

        var names = headers.Keys
            .Select(k => k.ToLowerInvariant())
            .Where(k => k is "host" or "content-type" or "x-amz-date" or "x-amz-security-token")
            .OrderBy(k => k, StringComparer.Ordinal);
        var signedHeaders = string.Join(';', names);
        var canonical = SigV4.CanonicalRequest(method, rawPath, rawQuery, headers, signedHeaders, SigV4.HexSha256(body));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var signature = SigV4.Signature(SigV4.SigningKey(secretAccessKey, date, region, service), SigV4.StringToSign(amzDate, scope, canonical));
        headers["Authorization"] = new StringBuilder()
            .Append(SigV4.Algorithm).Append(" Credential=").Append(accessKeyId).Append('/').Append(scope)
            .Append(", SignedHeaders=").Append(signedHeaders).Append(", Signature=").Append(signature)
            .ToString();
    }
}
