using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Core.Servers;

/// <summary>
/// The checks both credential servers share: random tokens, a comparison that takes the same time
/// whatever the input (so a local attacker cannot guess a token byte by byte from response times), and
/// the <c>Host</c> field check that defeats DNS rebinding (a web page whose host name was re-pointed at
/// 127.0.0.1 still sends its own name in <c>Host</c>).
/// </summary>
public static class ServerSecurity
{
    private static readonly System.Buffers.SearchValues<char> NotInHost = System.Buffers.SearchValues.Create("/@?#\\ ");

    /// <summary>A new random token of 256 bits, base64url without padding (43 characters, safe in a header).</summary>
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// True when <paramref name="presented"/> equals <paramref name="expected"/>, compared in constant time.
    /// Both sides are hashed first, so not even the expected length leaks.
    /// </summary>
    public static bool TokenEquals(string? presented, string expected)
    {
        Span<byte> left = stackalloc byte[32];
        Span<byte> right = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty), left);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), right);
        return CryptographicOperations.FixedTimeEquals(left, right) && presented is not null;
    }

    /// <summary>
    /// Splits a <c>Host</c> field value into a lower-case host (IPv6 without brackets) and the port, if
    /// one is given. False for anything malformed (user info, paths, several colons outside brackets).
    /// </summary>
    public static bool TryParseHost(string? value, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        if (string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny(NotInHost) >= 0)
        {
            return false;
        }

        string portText;
        if (value[0] == '[')
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = value[1..close];
            portText = value[(close + 1)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = v6.ToString();
        }
        else
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && value.IndexOf(':', colon + 1) >= 0)
            {
                return false;
            }

            host = colon < 0 ? value : value[..colon];
            portText = colon < 0 ? string.Empty : value[colon..];
        }

        if (portText.Length > 0)
        {
            if (portText[0] != ':' || !int.TryParse(portText.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65535)
            {
                return false;
            }

            port = parsed;
        }

        host = host.ToLowerInvariant();
        return host.Length > 0;
    }

    /// <summary>
    /// True when <paramref name="hostValue"/> names one of <paramref name="names"/> and the port listened
    /// on (a missing port means 80, as HTTP says).
    /// </summary>
    public static bool HostMatches(string? hostValue, IEnumerable<string> names, int port)
    {
        if (!TryParseHost(hostValue, out var host, out var given))
        {
            return false;
        }

        return (given ?? 80) == port && names.Contains(host, StringComparer.Ordinal);
    }
}
