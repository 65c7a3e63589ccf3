using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sesame.Core.Stores.EncryptedFile;

/// <summary>
/// One item file: its key and metadata in plain JSON (so listings need no passphrase), and the
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
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", 1);
            writer.WriteString("key", Key);
            writer.WriteStartObject("metadata");
            foreach (var name in Metadata.Keys.Order(StringComparer.Ordinal))
            {
                writer.WriteString(name, Metadata[name]);
            }

            writer.WriteEndObject();
            writer.WriteBase64String("nonce", Nonce);
            writer.WriteBase64String("data", Data);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static ItemFile Parse(byte[] content, string path)
    {
        try
        {
            var reader = new Utf8JsonReader(content);
            string? format = null, key = null;
            byte[]? nonce = null, data = null;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                Next(ref reader);
                switch (name)
                {
                    case "format": format = reader.GetString(); break;
                    case "key": key = reader.GetString(); break;
                    case "nonce": nonce = reader.GetBytesFromBase64(); break;
                    case "data": data = reader.GetBytesFromBase64(); break;
                    case "metadata":
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new JsonException("metadata is not an object");
                        }

                        while (Next(ref reader) == JsonTokenType.PropertyName)
                        {
                            var metaName = reader.GetString()!;
                            Next(ref reader);
                            metadata[metaName] = reader.GetString() ?? string.Empty;
                        }

                        break;
                    default: reader.Skip(); break;
                }
            }

            if (format != FormatName || key is null || nonce is not { Length: 12 } || data is null || data.Length < TagSize)
            {
                throw new JsonException("a field is missing or has the wrong size");
            }

            return new ItemFile(key, metadata, nonce, data);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw VaultHeader.Corrupted(path, "it is truncated or not valid JSON", e);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
        => reader.Read() ? reader.TokenType : throw new JsonException("unexpected end");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException("unexpected token");
        }
    }
}
