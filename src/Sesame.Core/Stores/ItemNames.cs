using System.Text;

namespace Sesame.Core.Stores;

/// <summary>
/// Rules shared by every backend: what a key and metadata may contain, and how a key becomes a
/// file or entry name. Names stay readable (<c>keys%2Fprod</c>) and map back to the key exactly;
/// a key whose encoded name is longer than <see cref="MaxNameLength"/> gets a shortened, hashed
/// name (the same rule since the first release, so existing items stay readable).
/// </summary>
public static class ItemNames
{
    /// <summary>
    /// The longest metadata value: room for a profile name of 16,000 characters; Secret Service
    /// passes metadata as one argument, and Linux limits one argument to 128 KiB.
    /// </summary>
    public const int MaxMetadataValueLength = 16 * 1024;

    /// <summary>
    /// The metadata without values too long to keep (<see cref="MaxMetadataValueLength"/>): the
    /// profile of an absurdly long profile name, which the item's key still records in full.
    /// </summary>
    public static Dictionary<string, string> WithinLimits(IReadOnlyDictionary<string, string> metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in metadata)
        {
            if (value.Length <= MaxMetadataValueLength)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>True when <paramref name="key"/> is a valid item key (see <see cref="ValidateKey"/>).</summary>
    public static bool IsValidKey(string key) => !string.IsNullOrEmpty(key) && !HasControlCharacter(key);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a valid item key: not
    /// empty, no control characters. Any length is accepted: <see cref="FileName"/> shortens long
    /// keys with a hash, and each item records its full key (a profile name of any length works).
    /// </summary>
    public static void ValidateKey(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("a secret-store key must not be empty", nameof(key));
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("a secret-store key must not contain control characters", nameof(key));
            }
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless every metadata name is <c>[a-z0-9_.-]</c> and
    /// every value is free of control characters (backends keep metadata as plain text lines).
    /// </summary>
    public static void ValidateMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        foreach (var (name, value) in metadata)
        {
            if (name.Length is 0 or > 64 || !IsMetadataName(name))
            {
                throw new ArgumentException($"metadata name '{name}' must be 1 to 64 characters of a-z 0-9 _ - .", nameof(metadata));
            }

            if (value.Length > MaxMetadataValueLength || HasControlCharacter(value))
            {
                throw new ArgumentException($"metadata '{name}' must be at most {MaxMetadataValueLength} characters without control characters", nameof(metadata));
            }
        }
    }

    /// <summary>
    /// Encodes a key as a file-name-safe string: <c>A-Z a-z 0-9 _ - .</c> stay (a leading dot is
    /// encoded), every other UTF-8 byte becomes <c>%XX</c>. Safe on Windows and POSIX.
    /// </summary>
    public static string Encode(string key)
    {
        var builder = new StringBuilder(key.Length + 8);
        var bytes = Encoding.UTF8.GetBytes(key);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var plain = char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' || (b == (byte)'.' && i > 0);
            if (plain)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }

        return builder.ToString();
    }

    /// <summary>The longest encoded name used as is; longer ones are shortened with a hash.</summary>
    public const int MaxNameLength = 160;

    private const int ShortenedPrefixLength = 100;

    /// <summary>
    /// The file or entry name of a key: <see cref="Encode"/>d, and when that is too long for a file
    /// name (an encoded session key can be long), its first characters plus <c>~</c> and a SHA-256
    /// of the key. Items record their full key, so nothing is lost.
    /// </summary>
    public static string FileName(string key)
    {
        var encoded = Encode(key);
        if (encoded.Length <= MaxNameLength)
        {
            return encoded;
        }

        return Shortened(encoded, key);
    }

    // Its own method: item names are looked up on every cached answer, and the cryptography
    // assembly should load only for the rare name that needs shortening.
    private static string Shortened(string encoded, string key)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return encoded[..ShortenedPrefixLength] + "~" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>A file-name pattern that matches every item whose key starts with <paramref name="prefix"/>.</summary>
    public static string PrefixPattern(string? prefix, string extension)
    {
        var encoded = string.IsNullOrEmpty(prefix) ? string.Empty : Encode(prefix);
        return (encoded.Length > ShortenedPrefixLength ? encoded[..ShortenedPrefixLength] : encoded) + "*" + extension;
    }

    /// <summary>The metadata as canonical text (sorted <c>name=value</c> lines), for authenticated data.</summary>
    public static string CanonicalMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        var names = new string[metadata.Count];
        var i = 0;
        foreach (var name in metadata.Keys)
        {
            names[i++] = name;
        }

        Array.Sort(names, StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var name in names)
        {
            builder.Append(name).Append('=').Append(metadata[name]).Append('\n');
        }

        return builder.ToString();
    }

    // Plain loops, not LINQ or SearchValues: this runs on every cached credential_process call,
    // where setting those up costs more than the checks.
    private static bool IsMetadataName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
