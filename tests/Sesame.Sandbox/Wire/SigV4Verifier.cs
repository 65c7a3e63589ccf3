using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Sandbox.Wire;

/// <summary>What a SigV4-signed request claims: key id, scope, signed headers and signature.</summary>
/// <param name="AccessKeyId">The key id from the credential scope.</param>
/// <param name="Date">Scope date, <c>YYYYMMDD</c>.</param>
/// <param name="Region">Scope region.</param>
/// <param name="Service">Scope service.</param>
/// <param name="SignedHeaders">Signed header names as received.</param>
/// <param name="Signature">Hex signature as received.</param>
/// <param name="AmzDate">Signing time, <c>YYYYMMDDTHHMMSSZ</c>.</param>
/// <param name="SecurityToken">The session token sent with the request, if any.</param>
/// <param name="ExpiresSeconds">For pre-signed URLs, X-Amz-Expires; otherwise null.</param>
public sealed record SignedRequest(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    string SignedHeaders,
    string Signature,
    string AmzDate,
    string? SecurityToken,
    int? ExpiresSeconds)
{
    /// <summary>True for a pre-signed URL (auth in the query string).</summary>
    public bool Presigned => ExpiresSeconds is not null;
}

/// <summary>
/// Verifies SigV4 as a server must (aws-wire-reference.md §2.2): parse, check time, rebuild the canonical
/// request from the <em>received</em> SignedHeaders list and the exact body bytes, compare in constant time.
/// </summary>
public static class SigV4Verifier
{
    /// <summary>AWS rejects requests signed more than 5 minutes away from its clock.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Reads the signing claims from the Authorization header or, failing that, from the pre-signed query
    /// parameters. Returns null with no error when the request is not signed at all.
    /// </summary>
    public static SignedRequest? Parse(WireRequest request, out AwsError? error)
    {
        error = null;
        var authorization = request.Header("Authorization");
        if (authorization is not null)
        {
            return ParseHeader(request, authorization, out error);
        }

        var query = FormParameters.Parse(request.RawQuery);
        if (query["X-Amz-Credential"] is { } credential)
        {
            var parts = credential.Split('/');
            if (parts.Length != 5 || query["X-Amz-Algorithm"] != SigV4.Algorithm || query["X-Amz-Signature"] is null
                || query["X-Amz-Date"] is null || query["X-Amz-SignedHeaders"] is null
                || !int.TryParse(query["X-Amz-Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            {
                error = new AwsError("IncompleteSignature", "The pre-signed request is missing a required X-Amz-* parameter.", 400);
                return null;
            }

            return new SignedRequest(parts[0], parts[1], parts[2], parts[3], query["X-Amz-SignedHeaders"]!, query["X-Amz-Signature"]!,
                query["X-Amz-Date"]!, query["X-Amz-Security-Token"], expires);
        }

        return null;
    }

    /// <summary>
    /// Checks time and signature for a key whose secret is known. Returns null when the request is
    /// authentic, otherwise the error AWS would answer.
    /// </summary>
    public static AwsError? Verify(WireRequest request, SignedRequest claims, string secretAccessKey, DateTimeOffset now)
    {
        if (SkewError(claims, now) is { } skew)
        {
            return skew;
        }

        var payloadHash = claims.Presigned
            ? SigV4.EmptyPayloadHash
            : request.Header("X-Amz-Content-SHA256") is { } declared && claims.SignedHeaders.Split(';').Contains("x-amz-content-sha256")
                ? declared
                : SigV4.HexSha256(request.Body);
        var canonical = SigV4.CanonicalRequest(request.Method, request.RawPath, request.RawQuery, request.Headers, claims.SignedHeaders,
            payloadHash, claims.Presigned ? "X-Amz-Signature" : null);
        var scope = $"{claims.Date}/{claims.Region}/{claims.Service}/aws4_request";
        var expected = SigV4.Signature(SigV4.SigningKey(secretAccessKey, claims.Date, claims.Region, claims.Service),
            SigV4.StringToSign(claims.AmzDate, scope, canonical));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(claims.Signature.ToLowerInvariant()))
            ? null
            : AwsError.SignatureDoesNotMatch();
    }

    /// <summary>The clock checks alone: scope date matches X-Amz-Date, within 5 minutes, pre-signed URL not expired.</summary>
    public static AwsError? SkewError(SignedRequest claims, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParseExact(claims.AmzDate, SigV4.DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return new AwsError("IncompleteSignature", "X-Amz-Date must be in the format YYYYMMDD'T'HHMMSS'Z'.", 400);
        }

        if (!claims.AmzDate.StartsWith(claims.Date, StringComparison.Ordinal))
        {
            return AwsError.SignatureDoesNotMatch("Credential should be scoped to a valid date that matches X-Amz-Date.");
        }

        if (claims.Presigned)
        {
            return now > signedAt.AddSeconds(claims.ExpiresSeconds!.Value)
                ? AwsError.SignatureDoesNotMatch($"Signature expired: {claims.AmzDate} is now earlier than {now.UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture)} (request lifetime exceeded).")
                : null;
        }

        if ((now - signedAt).Duration() > MaxSkew)
        {
            var limit = (now - MaxSkew).UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture);
            return AwsError.SignatureDoesNotMatch($"Signature expired: {claims.AmzDate} is now earlier than {limit} ({now.UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture)} - 5 min.)");
        }

        return null;
    }

    private static SignedRequest? ParseHeader(WireRequest request, string authorization, out AwsError? error)
    {
        error = null;
        if (!authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            error = new AwsError("IncompleteSignature", "Authorization header requires the AWS4-HMAC-SHA256 algorithm.", 400);
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in authorization[(SigV4.Algorithm.Length + 1)..].Split(','))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[item[..eq].Trim()] = item[(eq + 1)..].Trim();
            }
        }

        var amzDate = request.Header("X-Amz-Date");
        if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
            || !fields.TryGetValue("Signature", out var signature) || credential.Split('/') is not { Length: 5 } parts
            || parts[4] != "aws4_request" || amzDate is null)
        {
            error = new AwsError("IncompleteSignature", "Authorization header requires 'Credential', 'Signature', 'SignedHeaders' and an X-Amz-Date header.", 400);
            return null;
        }

        return new SignedRequest(parts[0], parts[1], parts[2], parts[3], signedHeaders, signature, amzDate, request.Header("X-Amz-Security-Token"), null);
    }
}
