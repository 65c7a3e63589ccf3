using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Typed;

namespace Sesame.Core.Saml;

/// <summary>A remembered IdP session as listings show it (from metadata, without unlocking).</summary>
/// <param name="Key">The item key.</param>
/// <param name="IdpUrl">The IdP (scheme, host and path of its sign-in URL).</param>
/// <param name="Username">The user name it belongs to.</param>
/// <param name="Expires">When Sesame stops trusting it.</param>
public sealed record IdpSessionInfo(string Key, string IdpUrl, string Username, DateTimeOffset? Expires);

/// <summary>
/// IdP session cookies per IdP URL and user name (item <c>idp-session/&lt;id&gt;</c>), encrypted like every
/// other item of the secret store, so every profile of that IdP signs in again without a password or a second
/// factor while the IdP's session lasts. URL, user name and expiry are metadata: <c>status</c> can tell whether a
/// sign-in will need a password without unlocking the store. An expired or damaged entry reads as a miss.
/// </summary>
public sealed class IdpSessionStore
{
    /// <summary>The key prefix of these items.</summary>
    public const string Prefix = "idp-session/";

    private readonly ISecretStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the wrapper.</summary>
    public IdpSessionStore(ISecretStore store, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The part of an IdP URL that names it: scheme, host, port and path, lower case (no query: it can carry tokens).</summary>
    public static string IdpName(Uri url) => (url.GetLeftPart(UriPartial.Authority) + url.AbsolutePath).ToLowerInvariant();

    /// <summary>The item key for an IdP and user: a hash, so neither needs escaping (both are in the metadata).</summary>
    public static string KeyFor(Uri url, string username) => Prefix + IdpItemId.Of(IdpName(url), username);

    /// <summary>
    /// The cross-process lock of one IdP and user: sign-ins for every profile of that IdP take it, so concurrent
    /// callers make one sign-in and the others reuse the session it remembered.
    /// </summary>
    public static string LockKey(Uri url, string username) => "saml-idp-" + IdpItemId.Of(IdpName(url), username);

    /// <summary>Remembers the cookies until <paramref name="expires"/>. May unlock the store.</summary>
    public void Put(Uri url, string username, IReadOnlyList<IdpCookie> cookies, DateTimeOffset expires)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteStartArray("cookies");
            foreach (var cookie in cookies)
            {
                writer.WriteStartObject();
                writer.WriteString("name", cookie.Name);
                writer.WriteString("value", cookie.Value);
                writer.WriteString("domain", cookie.Domain);
                writer.WriteString("path", cookie.Path);
                if (cookie.Expires is { } at)
                {
                    writer.WriteNumber("expires", at.ToUnixTimeSeconds());
                }

                writer.WriteBoolean("secure", cookie.Secure);
                writer.WriteBoolean("httpOnly", cookie.HttpOnly);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var bytes = buffer.GetBuffer();
        try
        {
            _store.Set(KeyFor(url, username), bytes.AsSpan(0, (int)buffer.Length), new Dictionary<string, string>
            {
                ["kind"] = "idp-session",
                ["idp"] = IdpName(url),
                ["username"] = username,
                [SessionCache.ExpiresMetadata] = CredentialsPayload.FormatTime(expires),
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The remembered cookies, when present and not expired (an expired entry is removed). May unlock the store.</summary>
    public bool TryGet(Uri url, string username, out IReadOnlyList<IdpCookie> cookies)
    {
        cookies = [];
        var key = KeyFor(url, username);
        if (Peek(url, username) is { Expires: { } expires } && expires <= _time.GetUtcNow())
        {
            _store.Remove(key);
            return false;
        }

        byte[]? payload;
        try
        {
            payload = _store.Get(key);
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.Corrupted)
        {
            _store.Remove(key);
            return false;
        }

        if (payload is null)
        {
            return false;
        }

        try
        {
            cookies = Read(payload);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            _store.Remove(key);
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>The entry's metadata, without unlocking; <c>null</c> when nothing is remembered.</summary>
    public IdpSessionInfo? Peek(Uri url, string username)
    {
        var key = KeyFor(url, username);
        return _store.List(key).Where(i => i.Key == key).Select(Info).FirstOrDefault();
    }

    /// <summary>True when a session is remembered and not expired (metadata only).</summary>
    public bool HasValid(Uri url, string username) => Peek(url, username) is { } info && (info.Expires is not { } at || at > _time.GetUtcNow());

    /// <summary>Forgets one IdP session. Returns true when there was one.</summary>
    public bool Remove(Uri url, string username) => _store.Remove(KeyFor(url, username));

    /// <summary>Forgets every session matching <paramref name="where"/> (all when <c>null</c>); returns how many.</summary>
    public int Clear(Func<IdpSessionInfo, bool>? where = null)
    {
        var removed = 0;
        foreach (var item in _store.List(Prefix))
        {
            if ((where is null || where(Info(item))) && _store.Remove(item.Key))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Every remembered session, from metadata (no unlock).</summary>
    public IReadOnlyList<IdpSessionInfo> List() => [.. _store.List(Prefix).Select(Info)];

    private static IdpSessionInfo Info(SecretItemInfo item)
        => new(item.Key, item.Metadata.GetValueOrDefault("idp") ?? string.Empty, item.Metadata.GetValueOrDefault("username") ?? string.Empty,
            CredentialsPayload.ParseTime(item.Metadata.GetValueOrDefault(SessionCache.ExpiresMetadata)));

    private static List<IdpCookie> Read(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        var list = new List<IdpCookie>();
        foreach (var c in document.RootElement.GetProperty("cookies").EnumerateArray())
        {
            list.Add(new IdpCookie(
                c.GetProperty("name").GetString()!,
                c.GetProperty("value").GetString() ?? string.Empty,
                c.GetProperty("domain").GetString() ?? string.Empty,
                c.GetProperty("path").GetString() ?? "/",
                c.TryGetProperty("expires", out var e) ? DateTimeOffset.FromUnixTimeSeconds(e.GetInt64()) : null,
                c.TryGetProperty("secure", out var s) && s.GetBoolean(),
                c.TryGetProperty("httpOnly", out var h) && h.GetBoolean()));
        }

        return list;
    }
}

/// <summary>The item id of an IdP and user name: the first 32 hex digits of SHA-256(idp "\n" lower-case user).</summary>
internal static class IdpItemId
{
    public static string Of(string idpName, string username)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idpName + "\n" + username.Trim().ToLowerInvariant())).AsSpan(0, 16));
}
