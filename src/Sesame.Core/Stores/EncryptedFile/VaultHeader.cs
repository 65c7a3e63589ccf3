using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Core.Stores.EncryptedFile;

/// <summary>
/// The store's <c>vault</c> file: a random data key (which encrypts every item) wrapped with AES-GCM
/// under a key derived from the passphrase, plus everything needed to derive it again (KDF name,
/// iterations, salt) and a check value for cached keys. The KDF parameters are authenticated, so
/// lowering them in the file breaks the unwrap instead of weakening it. Changing the passphrase or
/// raising the iterations re-wraps this one small file; items are untouched.
/// </summary>
internal sealed record VaultHeader(string Id, int Iterations, byte[] Salt, byte[] Nonce, byte[] WrappedKey, byte[] Check)
{
    public const string FormatName = "sesame-vault";
    public const string Kdf = "pbkdf2-hmac-sha256";
    public const string Cipher = "aes-256-gcm";
    public const int Version = 1;

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; see docs/secrets.md.</summary>
    public const int DefaultIterations = 600_000;

    public const int KeySize = 32;
    private const int TagSize = 16;

    /// <summary>Creates a header with a fresh data key, returned in <paramref name="dataKey"/>.</summary>
    public static VaultHeader Create(string passphrase, int iterations, out byte[] dataKey)
    {
        dataKey = RandomNumberGenerator.GetBytes(KeySize);
        var header = new VaultHeader(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), iterations, RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(12), [], []);
        var wrapped = new byte[KeySize + TagSize];
        var kek = header.DeriveKey(passphrase);
        try
        {
            using var aes = new AesGcm(kek, TagSize);
            aes.Encrypt(header.Nonce, dataKey, wrapped.AsSpan(0, KeySize), wrapped.AsSpan(KeySize), header.AssociatedData());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }

        return header with { WrappedKey = wrapped, Check = header.CheckValue(dataKey) };
    }

    /// <summary>The data key, or <c>null</c> when the passphrase is wrong.</summary>
    public byte[]? Unwrap(string passphrase)
    {
        var kek = DeriveKey(passphrase);
        var dataKey = new byte[KeySize];
        try
        {
            using var aes = new AesGcm(kek, TagSize);
            aes.Decrypt(Nonce, WrappedKey.AsSpan(0, KeySize), WrappedKey.AsSpan(KeySize), dataKey, AssociatedData());
            return dataKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>
    /// True when <paramref name="dataKey"/> is this store's data key. Lets a key from the unlock
    /// cache be checked with one HMAC instead of a passphrase (the check value reveals nothing
    /// usable: it is a MAC of a constant under the key).
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> dataKey)
        => dataKey.Length == KeySize && CryptographicOperations.FixedTimeEquals(CheckValue(dataKey), Check);

    private byte[] CheckValue(ReadOnlySpan<byte> dataKey)
        => HMACSHA256.HashData(dataKey, Encoding.UTF8.GetBytes("sesame-vault-key-check/" + Id))[..16];

    private byte[] DeriveKey(string passphrase)
        => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), Salt, Iterations, HashAlgorithmName.SHA256, KeySize);

    private byte[] AssociatedData()
        => Encoding.UTF8.GetBytes($"{FormatName}/{Version}\n{Id}\n{Kdf}\n{Iterations}\n{Convert.ToBase64String(Salt)}");

    public byte[] ToBytes()
        => Encoding.UTF8.GetBytes(
            $"{FormatName} {Version}\nid {Id}\nkdf {Kdf}\niterations {Iterations}\nsalt {Convert.ToBase64String(Salt)}\n" +
            $"cipher {Cipher}\nnonce {Convert.ToBase64String(Nonce)}\nwrapped-key {Convert.ToBase64String(WrappedKey)}\nkey-check {Convert.ToBase64String(Check)}\n");

    /// <summary>Reads a header; anything unexpected is <see cref="SecretStoreFailure.Corrupted"/>.</summary>
    public static VaultHeader Parse(byte[] content, string path)
    {
        var pairs = LineFormat.Parse(content) ?? throw Corrupted(path, "it is not a Sesame store file or is damaged");
        string? Get(string name)
        {
            foreach (var pair in pairs)
            {
                if (pair.Key == name)
                {
                    return pair.Value;
                }
            }

            return null;
        }

        if (Get(FormatName) is not { } version)
        {
            throw Corrupted(path, "not a Sesame store file, or truncated");
        }

        if (version != "1")
        {
            throw Corrupted(path, "written by a newer Sesame (unknown version); upgrade Sesame");
        }

        if (Get("kdf") != Kdf || Get("cipher") != Cipher)
        {
            throw Corrupted(path, "unknown key-derivation or cipher");
        }

        try
        {
            var header = new VaultHeader(
                Get("id") ?? string.Empty,
                int.Parse(Get("iterations") ?? "0", NumberStyles.None, CultureInfo.InvariantCulture),
                Convert.FromBase64String(Get("salt") ?? string.Empty),
                Convert.FromBase64String(Get("nonce") ?? string.Empty),
                Convert.FromBase64String(Get("wrapped-key") ?? string.Empty),
                Convert.FromBase64String(Get("key-check") ?? string.Empty));
            if (header.Nonce.Length != 12 || header.WrappedKey.Length != KeySize + TagSize || header.Salt.Length < 16 || header.Iterations < 1 || header.Id.Length != 32 || header.Check.Length != 16)
            {
                throw Corrupted(path, "a field is missing or has the wrong size; it may be truncated");
            }

            return header;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw Corrupted(path, "a field is not valid; it may be truncated", e);
        }
    }

    internal static SecretStoreException Corrupted(string path, string why, Exception? inner = null)
        => new(SecretStoreFailure.Corrupted, $"the encrypted store file {path} is corrupted ({why}); restore it from a backup or remove it and add the secrets again", inner);
}
