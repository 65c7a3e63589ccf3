using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sesame.Core.Mfa;

/// <summary>The HMAC a TOTP generator uses (RFC 6238 §1.2).</summary>
public enum TotpAlgorithm
{
    /// <summary>HMAC-SHA1, what AWS virtual MFA devices and most apps use.</summary>
    Sha1,

    /// <summary>HMAC-SHA256.</summary>
    Sha256,

    /// <summary>HMAC-SHA512.</summary>
    Sha512,
}

/// <summary>
/// A TOTP generator (RFC 6238 over RFC 4226 HOTP): <c>code = Truncate(HMAC(seed, floor((t - T0) / period))) mod 10^digits</c>
/// with T0 = 0. The seed is held privately and never appears in <see cref="ToString"/>.
/// </summary>
public sealed class Totp
{
    private readonly byte[] _seed;

    /// <summary>Creates a generator.</summary>
    /// <exception cref="ArgumentException">Empty seed, digits outside 6–8, or a period under 1 second.</exception>
    public Totp(ReadOnlySpan<byte> seed, TotpAlgorithm algorithm = TotpAlgorithm.Sha1, int digits = 6, int period = 30)
    {
        if (seed.IsEmpty)
        {
            throw new ArgumentException("the TOTP seed is empty", nameof(seed));
        }

        if (digits is < 6 or > 8)
        {
            throw new ArgumentException("TOTP codes have 6 to 8 digits", nameof(digits));
        }

        if (period < 1)
        {
            throw new ArgumentException("the TOTP period must be at least 1 second", nameof(period));
        }

        _seed = seed.ToArray();
        Algorithm = algorithm;
        Digits = digits;
        Period = period;
    }

    /// <summary>The HMAC algorithm.</summary>
    public TotpAlgorithm Algorithm { get; }

    /// <summary>The number of digits of a code.</summary>
    public int Digits { get; }

    /// <summary>The time step in seconds.</summary>
    public int Period { get; }

    /// <summary>The code for the time step containing <paramref name="time"/>.</summary>
    public string Compute(DateTimeOffset time) => ComputeForCounter(time.ToUnixTimeSeconds() / Period);

    /// <summary>How long the code for <paramref name="time"/> stays valid.</summary>
    public TimeSpan RemainingValidity(DateTimeOffset time) => TimeSpan.FromSeconds(Period - (time.ToUnixTimeSeconds() % Period));

    /// <summary>The HOTP code for a counter value (RFC 4226 §5.3).</summary>
    public string ComputeForCounter(long counter)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = Algorithm switch
        {
            TotpAlgorithm.Sha256 => HMACSHA256.HashData(_seed, message),
            TotpAlgorithm.Sha512 => HMACSHA512.HashData(_seed, message),
#pragma warning disable CA5350 // RFC 6238's default and what AWS virtual MFA devices use; HMAC-SHA1 is not broken as a MAC.
            _ => HMACSHA1.HashData(_seed, message),
#pragma warning restore CA5350
        };
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % (int)Math.Pow(10, Digits);
        return binary.ToString(new string('0', Digits));
    }

    /// <inheritdoc />
    public override string ToString() => $"Totp {{ {Algorithm}, {Digits} digits, {Period}s, seed ** redacted ** }}";
}
