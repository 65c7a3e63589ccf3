using System.Text.Json;
using Sesame.Core.Mfa;

namespace Sesame.Core.Stores.Typed;

/// <summary>A stored TOTP seed as listings show it (from metadata, without unlocking).</summary>
public sealed record TotpSeedInfo(string MfaSerial, TotpAlgorithm Algorithm, int Digits, int Period, string? Issuer);

/// <summary>TOTP seeds per <c>mfa_serial</c> (item <c>totp/&lt;serial&gt;</c>).</summary>
public sealed class TotpSeedStore
{
    /// <summary>The key prefix of these items.</summary>
    public const string Prefix = "totp/";

    private readonly ISecretStore _store;

    /// <summary>Creates the wrapper.</summary>
    public TotpSeedStore(ISecretStore store) => _store = store;

    /// <summary>Stores (or replaces) the seed of an MFA device.</summary>
    public void Put(string mfaSerial, TotpSeed seed)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("secret", Base32.Encode(seed.Secret));
            writer.WriteString("algorithm", seed.Algorithm.ToString().ToUpperInvariant());
            writer.WriteNumber("digits", seed.Digits);
            writer.WriteNumber("period", seed.Period);
            writer.WriteEndObject();
        }

        var metadata = new Dictionary<string, string>
        {
            ["kind"] = "totp",
            ["algorithm"] = seed.Algorithm.ToString().ToUpperInvariant(),
            ["digits"] = seed.Digits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["period"] = seed.Period.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (seed.Issuer is not null)
        {
            metadata["issuer"] = seed.Issuer;
        }

        if (seed.Account is not null)
        {
            metadata["account"] = seed.Account;
        }

        var bytes = buffer.ToArray();
        _store.Set(Prefix + mfaSerial, bytes, metadata);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
    }

    /// <summary>The seed of an MFA device, or <c>null</c>. May unlock the store.</summary>
    public TotpSeed? Get(string mfaSerial)
    {
        var payload = _store.Get(Prefix + mfaSerial);
        if (payload is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var algorithm = root.GetProperty("algorithm").GetString() switch
            {
                "SHA256" => TotpAlgorithm.Sha256,
                "SHA512" => TotpAlgorithm.Sha512,
                _ => TotpAlgorithm.Sha1,
            };
            if (!Base32.TryDecode(root.GetProperty("secret").GetString() ?? string.Empty, out var secret))
            {
                throw new FormatException("bad seed");
            }

            return new TotpSeed(secret, algorithm, root.GetProperty("digits").GetInt32(), root.GetProperty("period").GetInt32());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SecretStoreException(SecretStoreFailure.Corrupted, $"the stored TOTP seed of {mfaSerial} is unreadable; add it again with 'sesame mfa add {mfaSerial}'");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>Removes a seed. Returns true when there was one.</summary>
    public bool Remove(string mfaSerial) => _store.Remove(Prefix + mfaSerial);

    /// <summary>True when a seed is stored for the device (metadata only).</summary>
    public bool Has(string mfaSerial) => _store.List(Prefix + mfaSerial).Any(i => i.Key == Prefix + mfaSerial);

    /// <summary>Every stored seed's parameters, from metadata (no unlock).</summary>
    public IReadOnlyList<TotpSeedInfo> List()
        => [.. _store.List(Prefix).Select(item => new TotpSeedInfo(
            item.Key[Prefix.Length..],
            item.Metadata.GetValueOrDefault("algorithm") switch { "SHA256" => TotpAlgorithm.Sha256, "SHA512" => TotpAlgorithm.Sha512, _ => TotpAlgorithm.Sha1 },
            int.TryParse(item.Metadata.GetValueOrDefault("digits"), out var d) ? d : 6,
            int.TryParse(item.Metadata.GetValueOrDefault("period"), out var p) ? p : 30,
            item.Metadata.GetValueOrDefault("issuer")))];
}
