using System.Text;

namespace Sesame.Core.Caching;

/// <summary>
/// Cache keys: a hash over everything that determines a credential, chained from the base source
/// up, so that a role assumed from different source credentials, or with another external id,
/// session name, duration or MFA device, never shares an entry. A generated default session name is
/// not part of the key (as in botocore), so it does not defeat the cache.
/// </summary>
public static class CacheKeys
{
    /// <summary>The key of a step given its parent's key (or <c>null</c> at the base) and its own parts.</summary>
    public static string Derive(string? parent, params string?[] parts)
    {
        var builder = new StringBuilder(parent ?? "root");
        foreach (var part in parts)
        {
            // Length-prefixed, so ("ab","c") and ("a","bc") differ.
            builder.Append('|').Append(part?.Length ?? -1).Append(':').Append(part);
        }

        var digest = Sha256.Hash(Encoding.UTF8.GetBytes(builder.ToString()));
        return string.Create(40, digest, static (chars, bytes) =>
        {
            const string Hex = "0123456789abcdef";
            for (var i = 0; i < chars.Length; i++)
            {
                var b = bytes[i / 2];
                chars[i] = Hex[i % 2 == 0 ? b >> 4 : b & 0xF];
            }
        });
    }
}
