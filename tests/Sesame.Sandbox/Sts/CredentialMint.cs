using System.Security.Cryptography;

namespace Sesame.Sandbox.Sts;

/// <summary>Makes key material shaped like AWS's: <c>ASIA</c> + 16 base32 characters, a 40-character secret, a long token.</summary>
internal static class CredentialMint
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string TemporaryKeyId() => "ASIA" + RandomString(KeyAlphabet, 16);

    public static string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    // Real STS tokens begin with the base64 of a small protobuf header ("IQoJb3JpZ2luX2Vj…"); clients treat them as opaque.
    public static string SessionToken() => "IQoJb3JpZ2luX2VjEFsYW5kYm94" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(300));

    public static string RequestId() => Guid.NewGuid().ToString("D");

    public static string RandomString(string alphabet, int length) =>
        string.Create(length, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
}
