using System.Security.Cryptography;
using System.Text;

namespace Sesame.Core.Stores.EncryptedFile;

/// <summary>
/// One item file: its key and metadata in plain text (so listings need no passphrase), and the
/// secret encrypted with AES-256-GCM under the vault's data key. The key, the metadata and the
/// vault id are authenticated data, so editing metadata, renaming or swapping item files between
/// stores is detected when the item is read.
/// </summary>
internal sealed record ItemFile(string Key, IReadOnlyDictionary<string, string> Metadata, byte[] Nonce, byte[] Data)
{
    public const string FormatName = "sesame-item";
    private const int TagSize = 16;

    public static ItemFile Seal(string vaultId, ReadOnlySpan<byte> dataKey, string key, ReadOnlySpan<byte> secret, IReadOnlyDictionary<string, string> metadata)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var data = new byte[secret.Length + TagSize];
        using var aes = new AesGcm(dataKey, TagSize);
        aes.Encrypt(nonce, secret, data.AsSpan(0, secret.Length), data.AsSpan(secret.Length), AssociatedData(vaultId, key, metadata));
        return new ItemFile(key, metadata, nonce, data);
    }

    /// <summary>The secret, or <c>null</c> when the key does not open it (wrong key, or tampered).</summary>
    public byte[]? Open(string vaultId, ReadOnlySpan<byte> dataKey)
    {
        var plain = new byte[Data.Length - TagSize];
        try
        {
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Decrypt(Nonce, Data.AsSpan(0, plain.Length), Data.AsSpan(plain.Length), plain, AssociatedData(vaultId, Key, Metadata));
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] AssociatedData(string vaultId, string key, IReadOnlyDictionary<string, string> metadata)
        => Encoding.UTF8.GetBytes($"{FormatName}/1\n{vaultId}\n{key}\n{ItemNames.CanonicalMetadata(metadata)}");

    public byte[] ToBytes()
    {
        var text = new StringBuilder();
        text.Append(FormatName).Append(" 1\nkey ").Append(LineFormat.Escape(Key)).Append('\n');
        var names = new List<string>(Metadata.Keys);
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            text.Append("meta ").Append(name).Append(' ').Append(LineFormat.Escape(Metadata[name])).Append('\n');
        }

        text.Append("nonce ").Append(Convert.ToBase64String(Nonce)).Append("\ndata ").Append(Convert.ToBase64String(Data)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static ItemFile Parse(byte[] content, string path)
    {
        var pairs = LineFormat.Parse(content) ?? throw VaultHeader.Corrupted(path, "it is not a Sesame item file or is damaged");
        string? version = null, key = null;
        byte[]? nonce = null, data = null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, value) in pairs)
            {
                switch (name)
                {
                    case FormatName: version = value; break;
                    case "key": key = LineFormat.Unescape(value); break;
                    case "nonce": nonce = Convert.FromBase64String(value); break;
                    case "data": data = Convert.FromBase64String(value); break;
                    case "meta":
                        var space = value.IndexOf(' ', StringComparison.Ordinal);
                        metadata[space < 0 ? value : value[..space]] = (space < 0 ? string.Empty : LineFormat.Unescape(value.AsSpan(space + 1))) ?? throw new FormatException("bad escape");
                        break;
                }
            }
        }
        catch (FormatException e)
        {
            throw VaultHeader.Corrupted(path, "a field is not valid; it may be truncated", e);
        }

        if (version != "1" || key is null || nonce is not { Length: 12 } || data is null || data.Length < TagSize)
        {
            throw VaultHeader.Corrupted(path, "a field is missing or has the wrong size; it may be truncated");
        }

        return new ItemFile(key, metadata, nonce, data);
    }
}
