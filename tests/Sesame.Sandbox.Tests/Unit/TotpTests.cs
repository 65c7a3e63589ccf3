using System.Text;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Tests.Unit;

public class TotpTests
{
    // RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), last six of the eight digits.
    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixSeconds, string code) =>
        Assert.Equal(code, Totp.CodeAt(Encoding.ASCII.GetBytes("12345678901234567890"), DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void Base32_round_trips_and_matches_RFC_4648()
    {
        Assert.Equal("MZXW6YTBOI", Base32.Encode("foobar"u8));
        Assert.Equal("foobar"u8.ToArray(), Base32.Decode("mzxw 6ytb oi======"));
        var random = System.Security.Cryptography.RandomNumberGenerator.GetBytes(20);
        Assert.Equal(random, Base32.Decode(Base32.Encode(random)));
    }
}
