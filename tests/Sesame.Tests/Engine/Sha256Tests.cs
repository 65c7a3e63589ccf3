using Sesame.Core.Caching;

namespace Sesame.Tests.Engine;

public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Managed_sha256_matches_the_fips_180_examples(string input, string expected)
        => Assert.Equal(expected, Convert.ToHexStringLower(Sha256.Hash(System.Text.Encoding.ASCII.GetBytes(input))));

    [Fact]
    public void Managed_sha256_matches_the_platform_for_every_length_across_block_boundaries()
    {
        var random = new Random(256);
        for (var length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.Hash(data));
        }
    }
}
