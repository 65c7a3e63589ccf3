namespace Sesame.Core.Credentials;

/// <summary>
/// A set of AWS credentials. <see cref="ToString"/> never shows the secret or the token, so a
/// credentials object that reaches a log or an exception message leaks nothing.
/// </summary>
/// <param name="AccessKeyId">The access key id (AKIA… long-term, ASIA… temporary).</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token of temporary credentials, or <c>null</c>.</param>
/// <param name="Expiration">When temporary credentials expire, or <c>null</c> for long-term keys.</param>
/// <param name="AccountId">The account, when known.</param>
public sealed record AwsCredentials(
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken = null,
    DateTimeOffset? Expiration = null,
    string? AccountId = null)
{
    /// <summary>True for temporary credentials (with a session token).</summary>
    public bool IsTemporary => SessionToken is not null;

    /// <summary>True when the credentials expire within <paramref name="window"/> of <paramref name="now"/>.</summary>
    public bool ExpiresWithin(DateTimeOffset now, TimeSpan window) => Expiration is { } at && at - now <= window;

    /// <inheritdoc />
    public override string ToString()
        => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ** redacted **, SessionToken = {(SessionToken is null ? "none" : "** redacted **")}, Expiration = {Expiration?.ToString("O") ?? "none"} }}";
}
