using System.Text;
using Sesame.Core.Errors;
using Sesame.Core.Mfa;
using Sesame.Testing;

namespace Sesame.Tests.Mfa;

public sealed class TotpTests
{
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    // RFC 6238 Appendix B: every time, for each of the three algorithms, 8 digits, 30-second steps.
    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Rfc6238_appendix_B_vectors(long unixTime, string sha1, string sha256, string sha512)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(unixTime);
        Assert.Equal(sha1, new Totp(Sha1Seed, TotpAlgorithm.Sha1, 8).Compute(time));
        Assert.Equal(sha256, new Totp(Sha256Seed, TotpAlgorithm.Sha256, 8).Compute(time));
        Assert.Equal(sha512, new Totp(Sha512Seed, TotpAlgorithm.Sha512, 8).Compute(time));
    }

    // RFC 4226 Appendix D: HOTP values for counters 0..9 (6 digits).
    [Fact]
    public void Rfc4226_appendix_D_hotp_vectors()
    {
        string[] expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
        var totp = new Totp(Sha1Seed);
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(c => totp.ComputeForCounter(c)));
    }

    [Fact]
    public void Six_digits_are_the_last_six_of_eight_and_keep_leading_zeros()
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(1111111109);
        Assert.Equal("081804", new Totp(Sha1Seed, TotpAlgorithm.Sha1, 6).Compute(time));
    }

    [Fact]
    public void A_60_second_period_uses_the_step_of_floor_t_over_60()
    {
        var totp60 = new Totp(Sha1Seed, period: 60);
        var totp30 = new Totp(Sha1Seed, period: 30);
        var time = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        Assert.Equal(totp30.ComputeForCounter(1234567890 / 60), totp60.Compute(time));
        Assert.Equal(totp60.Compute(time), totp60.Compute(DateTimeOffset.FromUnixTimeSeconds(1234567890 / 60 * 60)));
        Assert.Equal(TimeSpan.FromSeconds(60 - (1234567890 % 60)), totp60.RemainingValidity(time));
    }

    [Fact]
    public void Matches_oathtool_for_a_base32_seed()
    {
        var oathtool = ExternalTools.Require("oathtool", "oathtool");
        const string seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        foreach (var (algorithm, name) in new[] { (TotpAlgorithm.Sha1, "sha1"), (TotpAlgorithm.Sha256, "sha256"), (TotpAlgorithm.Sha512, "sha512") })
        {
            var run = ExternalTools.Run(oathtool, ["--totp=" + name, "--base32", "--digits=8", "--now=2027-01-15 08:00:00 UTC", seed]);
            Assert.Equal(0, run.ExitCode);
            var parsed = TotpSeed.Parse(seed, algorithm, 8);
            Assert.Equal(run.Out.Trim(), parsed.CreateGenerator().Compute(now));
        }
    }

    [Fact]
    public void ToString_never_shows_the_seed()
    {
        var seed = TotpSeed.Parse("JBSWY3DPEHPK3PXP");
        Assert.DoesNotContain("JBSWY3DPEHPK3PXP", seed.ToString(), StringComparison.Ordinal);
        Assert.Contains("redacted", seed.CreateGenerator().ToString(), StringComparison.Ordinal);
    }
}

public sealed class TotpSeedParsingTests
{
    [Theory]
    [InlineData("JBSWY3DPEHPK3PXP")]
    [InlineData("jbswy3dpehpk3pxp")]
    [InlineData("JBSW Y3DP EHPK 3PXP")]
    [InlineData("JBSWY3DPEHPK3PXP====")]
    [InlineData("  jbsw-y3dp-ehpk-3pxp \n")]
    public void Base32_is_case_insensitive_and_tolerates_spaces_hyphens_and_padding(string text)
        => Assert.Equal([.. "Hello!"u8, 0xde, 0xad, 0xbe, 0xef], TotpSeed.Parse(text).Secret);

    [Fact]
    public void Base32_decodes_rfc4648_test_vectors()
    {
        foreach (var (encoded, plain) in new[] { ("MY======", "f"), ("MZXQ====", "fo"), ("MZXW6===", "foo"), ("MZXW6YQ=", "foob"), ("MZXW6YTB", "fooba"), ("MZXW6YTBOI======", "foobar") })
        {
            Assert.True(Base32.TryDecode(encoded, out var bytes));
            Assert.Equal(plain, Encoding.ASCII.GetString(bytes));
            Assert.Equal(encoded.TrimEnd('='), Base32.Encode(bytes));
        }
    }

    [Theory]
    [InlineData("JBSWY3DP1HPK")]
    [InlineData("not base32!")]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("ABC")]
    [InlineData("MZ=XW6")]
    public void Invalid_base32_is_a_config_error_that_never_quotes_the_input(string text)
    {
        var error = Assert.Throws<SesameException>(() => TotpSeed.Parse(text));
        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        if (text.Length >= 4)
        {
            Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Otpauth_uri_gives_secret_algorithm_digits_period_issuer_and_account()
    {
        var seed = TotpSeed.Parse("otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60&issuer=Amazon%20Web%20Services");
        Assert.Equal(Encoding.ASCII.GetBytes("12345678901234567890"), seed.Secret);
        Assert.Equal(TotpAlgorithm.Sha256, seed.Algorithm);
        Assert.Equal(8, seed.Digits);
        Assert.Equal(60, seed.Period);
        Assert.Equal("Amazon Web Services", seed.Issuer);
        Assert.Equal("alice@123456789012", seed.Account);
    }

    [Fact]
    public void Otpauth_uri_defaults_to_sha1_six_digits_thirty_seconds()
    {
        var seed = TotpSeed.Parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP");
        Assert.Equal((TotpAlgorithm.Sha1, 6, 30, null, "alice"), (seed.Algorithm, seed.Digits, seed.Period, seed.Issuer, seed.Account));
    }

    [Theory]
    [InlineData("otpauth://hotp/alice?secret=JBSWY3DPEHPK3PXP&counter=1")]
    [InlineData("otpauth://totp/alice?secret=JBSWY3DP1")]
    [InlineData("otpauth://totp/alice")]
    [InlineData("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&algorithm=MD5")]
    [InlineData("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&digits=9")]
    [InlineData("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&period=0")]
    public void Bad_otpauth_uris_are_config_errors_without_the_secret(string uri)
    {
        var error = Assert.Throws<SesameException>(() => TotpSeed.Parse(uri));
        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.DoesNotContain("JBSWY3DP", error.Message, StringComparison.Ordinal);
    }
}
