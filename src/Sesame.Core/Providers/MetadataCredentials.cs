using Sesame.Core.Credentials;
using Sesame.Core.Json;

namespace Sesame.Core.Providers;

/// <summary>
/// The credentials document served by container endpoints and instance metadata
/// (aws-wire-reference §6): <c>AccessKeyId</c>, <c>SecretAccessKey</c>, <c>Token</c> and
/// <c>Expiration</c> are required (botocore refuses the answer without them), <c>AccountId</c> is
/// optional. Instance metadata adds <c>Code</c>, which is <c>Success</c> when credentials follow.
/// </summary>
internal static class MetadataCredentials
{
    /// <summary>Reads the document; throws <see cref="InvalidJsonException"/> or <see cref="IncompleteCredentialsException"/>.</summary>
    public static AwsCredentials Parse(ReadOnlySpan<byte> body, bool requireExpiration)
        => FromJson(FlatJson.Parse(body), requireExpiration);

    /// <summary>Reads an already parsed document.</summary>
    public static AwsCredentials FromJson(FlatJson json, bool requireExpiration)
    {
        var accessKeyId = Required(json, "AccessKeyId");
        var secretAccessKey = Required(json, "SecretAccessKey");
        var token = Required(json, "Token");
        DateTimeOffset? expiration = null;
        var text = json.GetString("Expiration");
        if (text is null && requireExpiration)
        {
            throw new IncompleteCredentialsException("Expiration");
        }

        if (text is not null)
        {
            if (!Timestamps.TryParseWithZone(text, out var parsed))
            {
                throw new IncompleteCredentialsException("valid Expiration (an ISO 8601 time with a zone)");
            }

            expiration = parsed;
        }

        var accountId = json.GetString("AccountId");
        return new AwsCredentials(accessKeyId, secretAccessKey, token, expiration, string.IsNullOrWhiteSpace(accountId) ? null : accountId.Trim());
    }

    private static string Required(FlatJson json, string key)
        => json.GetString(key) is { Length: > 0 } value ? value : throw new IncompleteCredentialsException(key);
}

/// <summary>A credentials document without a required field; the message is the field's name.</summary>
internal sealed class IncompleteCredentialsException(string field) : Exception(field);
