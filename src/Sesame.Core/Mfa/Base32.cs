namespace Sesame.Core.Mfa;

/// <summary>
/// RFC 4648 base32 as authenticator apps use it for TOTP seeds: case-insensitive, with spaces,
/// hyphens and '=' padding tolerated.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Decodes <paramref name="text"/>; returns false (without saying why, so nothing of the seed is echoed) when it is not base32.</summary>
    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0, symbols = 0;
        var padding = false;
        foreach (var raw in text)
        {
            if (raw is ' ' or '\t' or '-')
            {
                continue;
            }

            if (raw == '=')
            {
                padding = true;
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (value < 0 || padding)
            {
                return false;
            }

            symbols++;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        // 1, 3 and 6 trailing symbols can never come out of an encoder.
        if (symbols == 0 || (symbols % 8) is 1 or 3 or 6)
        {
            return false;
        }

        bytes = [.. output];
        return true;
    }

    /// <summary>Encodes bytes without padding (as authenticator URIs do).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new System.Text.StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                builder.Append(Alphabet[(buffer >> bits) & 31]);
            }

            buffer &= (1 << bits) - 1;
        }

        if (bits > 0)
        {
            builder.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return builder.ToString();
    }
}
