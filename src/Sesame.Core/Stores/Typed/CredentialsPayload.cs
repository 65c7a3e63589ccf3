using System.Globalization;
using System.Text.Json;
using Sesame.Core.Credentials;

namespace Sesame.Core.Stores.Typed;

/// <summary>
/// Credentials as stored secret bytes: the <c>credential_process</c> JSON shape, written and read
/// with Utf8JsonWriter/Reader (no reflection, so the cached-session path stays cheap).
/// </summary>
internal static class CredentialsPayload
{
    public static byte[] Write(AwsCredentials credentials)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("Version", 1);
            writer.WriteString("AccessKeyId", credentials.AccessKeyId);
            writer.WriteString("SecretAccessKey", credentials.SecretAccessKey);
            if (credentials.SessionToken is not null)
            {
                writer.WriteString("SessionToken", credentials.SessionToken);
            }

            if (credentials.Expiration is { } expiration)
            {
                writer.WriteString("Expiration", expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            }

            if (credentials.AccountId is not null)
            {
                writer.WriteString("AccountId", credentials.AccountId);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads credentials; <c>null</c> when the bytes are not such a payload.</summary>
    public static AwsCredentials? Read(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            string? id = null, secret = null, token = null, account = null;
            DateTimeOffset? expiration = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "AccessKeyId": id = reader.GetString(); break;
                    case "SecretAccessKey": secret = reader.GetString(); break;
                    case "SessionToken": token = reader.GetString(); break;
                    case "AccountId": account = reader.GetString(); break;
                    case "Expiration": expiration = DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal); break;
                    default: reader.Skip(); break;
                }
            }

            return id is null || secret is null ? null : new AwsCredentials(id, secret, token, expiration, account);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The last 4 characters of a key id, the way aws-vault shows keys: <c>****ABCD</c>.</summary>
    public static string Mask(string keyId) => KeyDisplay.Mask(keyId);

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
