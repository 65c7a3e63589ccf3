using System.Text.Json;
using Sesame.Core.Json;

namespace Sesame.Core.Sso;

/// <summary>
/// The content of an IAM Identity Center token cache file, <c>~/.aws/sso/cache/&lt;sha1&gt;.json</c>,
/// as <c>aws sso login</c> writes it (aws-wire-reference §3.4): <c>startUrl</c>, <c>region</c>,
/// <c>accessToken</c>, <c>expiresAt</c>, <c>clientId</c>, <c>clientSecret</c>,
/// <c>registrationExpiresAt</c> and, when OIDC issued one, <c>refreshToken</c>. Times are written
/// <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC: Go, JS and Rust SDKs parse <c>expiresAt</c> as RFC 3339, so
/// the <c>Z</c> must stay. <see cref="ToString"/> never shows a secret.
/// </summary>
/// <param name="AccessToken">The bearer token for the portal.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="StartUrl">The start URL it was issued for.</param>
/// <param name="Region">The Identity Center region.</param>
/// <param name="RefreshToken">The OIDC refresh token, if any.</param>
/// <param name="ClientId">The client registration used, if recorded.</param>
/// <param name="ClientSecret">Its secret, if recorded.</param>
/// <param name="RegistrationExpiresAt">When that registration expires, if recorded.</param>
public sealed record SsoTokenFile(
    string AccessToken,
    DateTimeOffset ExpiresAt,
    string? StartUrl = null,
    string? Region = null,
    string? RefreshToken = null,
    string? ClientId = null,
    string? ClientSecret = null,
    DateTimeOffset? RegistrationExpiresAt = null)
{
    /// <summary>
    /// True when the token can be renewed without a browser: a refresh token and an unexpired client
    /// registration are recorded (botocore's condition for attempting CreateToken with refresh_token).
    /// </summary>
    public bool CanRefresh(DateTimeOffset now)
        => !string.IsNullOrEmpty(RefreshToken) && !string.IsNullOrEmpty(ClientId) && !string.IsNullOrEmpty(ClientSecret)
            && RegistrationExpiresAt is { } registration && registration > now;

    /// <summary>The token as providers see it.</summary>
    public SsoToken ToToken(string? path)
        => new(AccessToken, ExpiresAt, RefreshToken, ClientId, ClientSecret, RegistrationExpiresAt, path);

    /// <summary>Formats a time as the AWS CLI writes it: <c>yyyy-MM-ddTHH:mm:ssZ</c>, UTC.</summary>
    public static string FormatTime(DateTimeOffset time)
        => Credentials.UtcTimestamp.Format(time);

    /// <summary>
    /// Parses a cache file. Throws <see cref="SsoTokenFileException"/> (never quoting the content)
    /// when it is not JSON or lacks <c>accessToken</c> / <c>expiresAt</c>, the two fields every reader needs.
    /// </summary>
    public static SsoTokenFile Parse(ReadOnlySpan<byte> content)
    {
        FlatJson json;
        try
        {
            json = FlatJson.Parse(content);
        }
        catch (InvalidJsonException e)
        {
            throw new SsoTokenFileException(e.Message);
        }

        var accessToken = json.GetString("accessToken");
        if (string.IsNullOrEmpty(accessToken))
        {
            throw new SsoTokenFileException("it has no accessToken");
        }

        if (!Timestamps.TryParseWithZone(json.GetString("expiresAt"), out var expiresAt))
        {
            throw new SsoTokenFileException("its expiresAt is missing or not a time with a zone");
        }

        return new SsoTokenFile(
            accessToken,
            expiresAt,
            json.GetString("startUrl"),
            json.GetString("region"),
            NonEmpty(json.GetString("refreshToken")),
            NonEmpty(json.GetString("clientId")),
            NonEmpty(json.GetString("clientSecret")),
            Timestamps.TryParseWithZone(json.GetString("registrationExpiresAt"), out var registration) ? registration : null);
    }

    /// <summary>The file's bytes, fields in the AWS CLI's order; absent values are left out (a dropped refresh token disappears).</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteIfSet(writer, "startUrl", StartUrl);
            WriteIfSet(writer, "region", Region);
            writer.WriteString("accessToken", AccessToken);
            writer.WriteString("expiresAt", FormatTime(ExpiresAt));
            WriteIfSet(writer, "clientId", ClientId);
            WriteIfSet(writer, "clientSecret", ClientSecret);
            WriteIfSet(writer, "registrationExpiresAt", RegistrationExpiresAt is { } at ? FormatTime(at) : null);
            WriteIfSet(writer, "refreshToken", RefreshToken);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public override string ToString()
        => $"SsoTokenFile {{ StartUrl = {StartUrl}, Region = {Region}, ExpiresAt = {ExpiresAt:O}, RefreshToken = {(RefreshToken is null ? "none" : "** redacted **")} }}";

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>A token cache file that cannot be used; the message says why without quoting it.</summary>
public sealed class SsoTokenFileException : Exception
{
    /// <summary>Creates the error.</summary>
    public SsoTokenFileException(string reason)
        : base(reason)
    {
    }
}
