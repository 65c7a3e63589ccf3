using System.Security.Cryptography;
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

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())))[..40];
    }
}
