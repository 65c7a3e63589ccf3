using System.Globalization;
using System.Text;
using System.Text.Json;
using Sesame.Core.Aws;
using Sesame.Core.Json;
using Sesame.Core.Platform;

namespace Sesame.Core.Sso;

/// <summary>A cached OIDC client registration (aws-wire-reference §3.4).</summary>
/// <param name="Registration">Client id, secret and expiry.</param>
/// <param name="Scopes">The scopes it was registered with, if recorded.</param>
/// <param name="GrantTypes">The grant types it was registered with, if recorded (none: a device-flow client).</param>
public sealed record CachedRegistration(OidcClientRegistration Registration, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? GrantTypes)
{
    /// <summary>True for an authorization-code (PKCE) client; the AWS CLI treats a registration without grantTypes as device-flow only.</summary>
    public bool IsForAuthorizationCode => GrantTypes?.Contains(OidcTokenRequest.AuthorizationCodeGrant) == true;
}

/// <summary>
/// The AWS CLI's client-registration cache, beside the tokens in <c>~/.aws/sso/cache</c>: the file
/// name is the SHA-1 of <c>json.dumps({"tool": "botocore", "startUrl", "region", "scopes",
/// "session_name"}, sort_keys=True)</c> with Python's default separators, where scopes and session
/// name are the configured values or null (botocore <c>_registration_cache_key</c>). The body is
/// <c>{"clientId", "clientSecret", "expiresAt", "scopes"?, "grantTypes"?}</c>. Sharing the file lets
/// the AWS CLI and Sesame reuse each other's registrations.
/// </summary>
public sealed class SsoRegistrationCache
{
    private readonly SsoTokenCache _tokens;

    /// <summary>Creates the cache in the token cache's folder.</summary>
    public SsoRegistrationCache(SsoTokenCache tokens) => _tokens = tokens;

    /// <summary>The cache key (file name without <c>.json</c>) for a registration.</summary>
    public static string Key(string startUrl, string region, IReadOnlyList<string>? configuredScopes, string? sessionName)
    {
        // Python json.dumps(sort_keys=True): keys in code-point order, ", " and ": " separators, ASCII only.
        var text = new StringBuilder("{");
        text.Append("\"region\": ").Append(PythonString(region));
        text.Append(", \"scopes\": ");
        if (configuredScopes is null)
        {
            text.Append("null");
        }
        else
        {
            text.Append('[').AppendJoin(", ", configuredScopes.Select(PythonString)).Append(']');
        }

        text.Append(", \"session_name\": ").Append(sessionName is null ? "null" : PythonString(sessionName));
        text.Append(", \"startUrl\": ").Append(PythonString(startUrl));
        text.Append(", \"tool\": \"botocore\"}");
        return SsoTokenCache.Sha1Hex(text.ToString());
    }

    /// <summary>The cache file for a key.</summary>
    public string PathFor(string key) => Path.Combine(_tokens.Directory, key + ".json");

    /// <summary>The cached registration, or <c>null</c> when missing or unreadable (a miss: a new one is registered).</summary>
    public CachedRegistration? Read(string key)
    {
        byte[] bytes;
        try
        {
            bytes = _tokens.FileSystem.ReadAllBytes(PathFor(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "clientId") is not { } id
                || Text(root, "clientSecret") is not { } secret
                || !Timestamps.TryParseWithZone(Text(root, "expiresAt"), out var expiresAt))
            {
                return null;
            }

            return new CachedRegistration(new OidcClientRegistration(id, secret, expiresAt), Strings(root, "scopes"), Strings(root, "grantTypes"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes a registration atomically (0600 when new).</summary>
    public void Write(string key, CachedRegistration cached)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("clientId", cached.Registration.ClientId);
            writer.WriteString("clientSecret", cached.Registration.ClientSecret);
            writer.WriteString("expiresAt", SsoTokenFile.FormatTime(cached.Registration.ExpiresAt));
            WriteList(writer, "scopes", cached.Scopes);
            WriteList(writer, "grantTypes", cached.GrantTypes);
            writer.WriteEndObject();
        }

        _tokens.FileSystem.WriteAllBytesAtomic(PathFor(key), buffer.ToArray(), FileModes.OwnerReadWrite);
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string? Text(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? Strings(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : null;

    private static string PythonString(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
