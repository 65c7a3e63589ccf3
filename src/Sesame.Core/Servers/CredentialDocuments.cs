using System.Text.Json;
using Sesame.Core.Credentials;

namespace Sesame.Core.Servers;

/// <summary>
/// The JSON the SDKs read from credential endpoints (aws-wire-reference §6), written with
/// <see cref="Utf8JsonWriter"/> (no reflection). Container endpoint (botocore ContainerMetadataFetcher,
/// AWS SDK for .NET GenericContainerCredentials): <c>AccessKeyId</c>, <c>SecretAccessKey</c>,
/// <c>Token</c>, <c>Expiration</c> are required, <c>AccountId</c> optional. Instance metadata
/// (botocore InstanceMetadataFetcher, the Rust SDK, .NET): the same plus <c>Code</c> =
/// <c>Success</c>, <c>LastUpdated</c> and <c>Type</c> = <c>AWS-HMAC</c> (the Rust SDK requires
/// <c>Type</c>). Times are <c>yyyy-MM-ddTHH:mm:ssZ</c>, the only form botocore's static-stability
/// check parses.
/// </summary>
internal static class CredentialDocuments
{
    /// <summary>The container credentials document.</summary>
    public static byte[] Container(AwsCredentials credentials) => Write(w =>
    {
        // As the ECS agent answers: no Code (the AWS SDK for .NET 4 does not need one here; tested).
        Keys(w, credentials);
        if (credentials.AccountId is { } account)
        {
            w.WriteString("AccountId", account);
        }
    });

    /// <summary>The instance metadata credentials document; <paramref name="extended"/> adds <c>AccountId</c> (the <c>-extended</c> path).</summary>
    public static byte[] Instance(AwsCredentials credentials, DateTimeOffset lastUpdated, bool extended) => Write(w =>
    {
        w.WriteString("Code", "Success");
        w.WriteString("LastUpdated", UtcTimestamp.Format(lastUpdated));
        w.WriteString("Type", "AWS-HMAC");
        Keys(w, credentials);
        if (extended && credentials.AccountId is { } account)
        {
            w.WriteString("AccountId", account);
        }
    });

    /// <summary>
    /// An instance metadata failure as IMDS reports one (HTTP 200, <c>Code</c> other than
    /// <c>Success</c> and a <c>Message</c>): botocore then reports no credentials, .NET and Rust show the message.
    /// </summary>
    public static byte[] InstanceFailure(string code, string message, DateTimeOffset now) => Write(w =>
    {
        w.WriteString("Code", code);
        w.WriteString("LastUpdated", UtcTimestamp.Format(now));
        w.WriteString("Message", message);
    });

    /// <summary>The error body of container endpoints (the Go SDK's <c>{"code","message"}</c> convention; botocore shows it verbatim).</summary>
    public static byte[] ContainerError(string code, string message) => Write(w =>
    {
        w.WriteString("code", code);
        w.WriteString("message", message);
    });

    /// <summary>A JSON object from name/value pairs (instance identity document, <c>iam/info</c>).</summary>
    public static byte[] Object(IEnumerable<KeyValuePair<string, string>> fields) => Write(w =>
    {
        foreach (var (name, value) in fields)
        {
            w.WriteString(name, value);
        }
    });

    private static void Keys(Utf8JsonWriter w, AwsCredentials credentials)
    {
        w.WriteString("AccessKeyId", credentials.AccessKeyId);
        w.WriteString("SecretAccessKey", credentials.SecretAccessKey);
        w.WriteString("Token", credentials.SessionToken);
        if (credentials.Expiration is { } expiration)
        {
            w.WriteString("Expiration", UtcTimestamp.Format(expiration));
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
