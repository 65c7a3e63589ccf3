using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Sesame.Sandbox.Wire;

/// <summary>
/// RFC 6238 TOTP as IAM virtual MFA devices use it: HMAC-SHA1, 30-second steps, 6 digits.
/// </summary>
public static class Totp
{
    /// <summary>The step length IAM uses.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>The step number (counter) at <paramref name="time"/>.</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The 6-digit code for a step (RFC 4226 dynamic truncation).</summary>
    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        // RFC 6238 fixes HMAC-SHA1 for the TOTP that IAM virtual MFA devices use; this is not a choice.
#pragma warning disable CA5350
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[19] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The code at <paramref name="time"/>.</summary>
    public static string CodeAt(byte[] secret, DateTimeOffset time) => Code(secret, StepAt(time));
}
