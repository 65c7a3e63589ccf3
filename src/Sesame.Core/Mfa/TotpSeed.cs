using Sesame.Core.Errors;

namespace Sesame.Core.Mfa;

/// <summary>
/// A TOTP seed with its parameters, as typed by a user (base32) or read from a QR code
/// (<c>otpauth://totp/Label?secret=…&amp;algorithm=…&amp;digits=…&amp;period=…&amp;issuer=…</c>).
/// Parse errors never quote the input: it is a secret.
/// </summary>
public sealed record TotpSeed(byte[] Secret, TotpAlgorithm Algorithm = TotpAlgorithm.Sha1, int Digits = 6, int Period = 30, string? Issuer = null, string? Account = null)
{
    /// <summary>A generator for this seed.</summary>
    public Totp CreateGenerator() => new(Secret, Algorithm, Digits, Period);

    /// <summary>
    /// Parses a base32 seed or an <c>otpauth://totp/</c> URI. Parameters in the URI win over
    /// <paramref name="algorithm"/>, <paramref name="digits"/> and <paramref name="period"/>.
    /// </summary>
    /// <exception cref="SesameException">Invalid input (exit code <see cref="ExitCodes.ConfigError"/>); the message never contains the input.</exception>
    public static TotpSeed Parse(string text, TotpAlgorithm algorithm = TotpAlgorithm.Sha1, int digits = 6, int period = 30)
    {
        text = text.Trim();
        if (text.StartsWith("otpauth:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseUri(text);
        }

        if (!Base32.TryDecode(text, out var secret))
        {
            throw Invalid("the TOTP seed is not valid base32 (letters A-Z and digits 2-7) nor an otpauth:// URI");
        }

        CheckLength(secret);

        Validate(digits, period);
        return new TotpSeed(secret, algorithm, digits, period);
    }

    private static TotpSeed ParseUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !string.Equals(uri.Scheme, "otpauth", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("the otpauth:// URI is malformed");
        }

        if (!string.Equals(uri.Host, "totp", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"only otpauth://totp/ URIs are supported (this one is '{uri.Host}', a counter-based code AWS does not use)");
        }

        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            query[name] = Uri.UnescapeDataString(equals < 0 ? string.Empty : pair[(equals + 1)..].Replace('+', ' '));
        }

        if (!query.TryGetValue("secret", out var encoded) || !Base32.TryDecode(encoded, out var secret))
        {
            throw Invalid("the otpauth:// URI has no valid base32 'secret' parameter");
        }

        CheckLength(secret);

        var algorithm = query.GetValueOrDefault("algorithm")?.ToUpperInvariant() switch
        {
            null or "SHA1" => TotpAlgorithm.Sha1,
            "SHA256" => TotpAlgorithm.Sha256,
            "SHA512" => TotpAlgorithm.Sha512,
            _ => throw Invalid("the otpauth:// URI names an unknown algorithm (SHA1, SHA256 or SHA512)"),
        };
        var digits = ParseNumber(query, "digits", 6);
        var period = ParseNumber(query, "period", 30);
        Validate(digits, period);

        var label = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var colon = label.IndexOf(':', StringComparison.Ordinal);
        var issuer = query.GetValueOrDefault("issuer") ?? (colon > 0 ? label[..colon] : null);
        var account = colon >= 0 ? label[(colon + 1)..].Trim() : label;
        return new TotpSeed(secret, algorithm, digits, period, string.IsNullOrEmpty(issuer) ? null : issuer, string.IsNullOrEmpty(account) ? null : account);
    }

    private static int ParseNumber(Dictionary<string, string> query, string name, int fallback)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, null, out var value)
            ? value
            : throw Invalid($"the otpauth:// URI has an invalid '{name}'");
    }

    // RFC 4226 asks for 128 bits; 80-bit seeds (16 base32 characters) are common and still accepted.
    private static void CheckLength(byte[] secret)
    {
        if (secret.Length < 10)
        {
            throw Invalid("the TOTP seed is too short to be real (at least 16 base32 characters); check that it was copied whole");
        }
    }

    private static void Validate(int digits, int period)
    {
        if (digits is < 6 or > 8)
        {
            throw Invalid("TOTP codes have 6 to 8 digits");
        }

        if (period is < 1 or > 3600)
        {
            throw Invalid("the TOTP period must be 1 to 3600 seconds");
        }
    }

    private static SesameException Invalid(string message) => new(message, ExitCodes.ConfigError);

    /// <inheritdoc />
    public override string ToString() => $"TotpSeed {{ {Algorithm}, {Digits} digits, {Period}s, issuer {Issuer ?? "none"}, seed ** redacted ** }}";

    /// <inheritdoc />
    public bool Equals(TotpSeed? other)
        => other is not null && Secret.AsSpan().SequenceEqual(other.Secret) && Algorithm == other.Algorithm && Digits == other.Digits && Period == other.Period && Issuer == other.Issuer && Account == other.Account;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, Digits, Period, Issuer, Account);
}
