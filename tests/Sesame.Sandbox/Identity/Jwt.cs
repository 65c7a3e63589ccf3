using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Sesame.Sandbox.Identity;

/// <summary>Compact JWS with RS256 (RFC 7515, RFC 7518 §3.3): just what an OIDC issuer needs.</summary>
internal static class Jwt
{
    public static string Sign(JsonObject header, JsonObject payload, RSA key)
    {
        var signingInput = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + B64(signature);
    }

    /// <summary>The header and payload when the token is well formed and signed by <paramref name="key"/>; otherwise null.</summary>
    public static (JsonObject Header, JsonObject Payload)? Verify(string token, RSA key)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Decode(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(Decode(parts[1])) as JsonObject;
            if (header is null || payload is null || (string?)header["alg"] != "RS256")
            {
                return null;
            }

            var valid = key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return valid ? (header, payload) : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or CryptographicException)
        {
            return null;
        }
    }

    public static string B64(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Decode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
