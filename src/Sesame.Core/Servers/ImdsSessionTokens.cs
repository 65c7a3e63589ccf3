using System.Security.Cryptography;
using System.Text;

namespace Sesame.Core.Servers;

/// <summary>
/// IMDSv2 session tokens: random 256-bit values, each valid for the TTL its <c>PUT</c> asked for
/// (1 to 21600 seconds). At most <see cref="Capacity"/> are kept; when full, expired ones go first,
/// then the one closest to expiry, so a client minting tokens in a loop cannot grow memory. Tokens are
/// kept as SHA-256 hashes and looked up by the hash of what is presented, so the lookup's timing says
/// nothing about the tokens themselves.
/// </summary>
internal sealed class ImdsSessionTokens
{
    /// <summary>The most tokens kept at once.</summary>
    public const int Capacity = 1024;

    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    public ImdsSessionTokens(TimeProvider time) => _time = time;

    /// <summary>Issues a token valid for <paramref name="ttlSeconds"/>.</summary>
    public string Issue(int ttlSeconds)
    {
        var token = ServerSecurity.NewToken();
        var now = _time.GetUtcNow();
        lock (_tokens)
        {
            if (_tokens.Count >= Capacity)
            {
                foreach (var expired in _tokens.Where(t => t.Value <= now).Select(t => t.Key).ToList())
                {
                    _tokens.Remove(expired);
                }

                if (_tokens.Count >= Capacity)
                {
                    _tokens.Remove(_tokens.MinBy(t => t.Value).Key);
                }
            }

            _tokens[Hash(token)] = now.AddSeconds(ttlSeconds);
        }

        return token;
    }

    /// <summary>True when <paramref name="presented"/> is an unexpired token.</summary>
    public bool IsValid(string presented)
    {
        var key = Hash(presented);
        lock (_tokens)
        {
            return _tokens.TryGetValue(key, out var expires) && expires > _time.GetUtcNow();
        }
    }

    private static string Hash(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
