using System.Text;
using Sesame.Core.Credentials;
using Sesame.Core.Stores.EncryptedFile;

namespace Sesame.Core.Stores.Typed;

/// <summary>
/// Credentials as stored secret bytes: <c>name value</c> lines (AccessKeyId, SecretAccessKey,
/// SessionToken, Expiration, AccountId). Not JSON, on purpose: this is read on every cached
/// <c>credential_process</c> call, and a span parse costs nothing next to loading a JSON library.
/// </summary>
internal static class CredentialsPayload
{
    public static byte[] Write(AwsCredentials credentials)
    {
        var text = new StringBuilder("Version 1\n");
        text.Append("AccessKeyId ").Append(LineFormat.Escape(credentials.AccessKeyId, space: true)).Append('\n');
        text.Append("SecretAccessKey ").Append(LineFormat.Escape(credentials.SecretAccessKey, space: true)).Append('\n');
        if (credentials.SessionToken is not null)
        {
            text.Append("SessionToken ").Append(LineFormat.Escape(credentials.SessionToken, space: true)).Append('\n');
        }

        if (credentials.Expiration is { } expiration)
        {
            text.Append("Expiration ").Append(LineFormat.FormatUtc(expiration)).Append('\n');
        }

        if (credentials.AccountId is not null)
        {
            text.Append("AccountId ").Append(LineFormat.Escape(credentials.AccountId, space: true)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads credentials; <c>null</c> when the bytes are not such a payload.</summary>
    public static AwsCredentials? Read(ReadOnlySpan<byte> payload)
    {
        var pairs = LineFormat.Parse(payload);
        if (pairs is null)
        {
            return null;
        }

        string? id = null, secret = null, token = null, account = null;
        DateTimeOffset? expiration = null;
        foreach (var (name, value) in pairs)
        {
            switch (name)
            {
                case "AccessKeyId": id = LineFormat.Unescape(value); break;
                case "SecretAccessKey": secret = LineFormat.Unescape(value); break;
                case "SessionToken": token = LineFormat.Unescape(value); break;
                case "AccountId": account = LineFormat.Unescape(value); break;
                case "Expiration": expiration = LineFormat.ParseUtc(value) ?? DateTimeOffset.MinValue; break;
            }
        }

        return id is null || secret is null ? null : new AwsCredentials(id, secret, token, expiration, account);
    }

    /// <summary>The last 4 characters of a key id, the way aws-vault shows keys: <c>****ABCD</c>.</summary>
    public static string Mask(string keyId) => KeyDisplay.Mask(keyId);

    public static string FormatTime(DateTimeOffset time) => LineFormat.FormatUtc(time);

    public static DateTimeOffset? ParseTime(string? text) => text is null ? null : LineFormat.ParseUtc(text);
}
