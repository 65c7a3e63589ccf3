using System.Text;
using Sesame.Sandbox.Moto;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Sts;

/// <summary>What the front answers: status, content type, body, and the error code for the recorder.</summary>
internal sealed record StsOutcome(int Status, string ContentType, byte[] Body, string? ErrorCode, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static StsOutcome Xml(string xml, string requestId) =>
        new(200, "text/xml", Encoding.UTF8.GetBytes(xml), null, [new("x-amzn-RequestId", requestId)]);

    public static StsOutcome Error(AwsError error)
    {
        var requestId = CredentialMint.RequestId();
        return new(error.Status, "text/xml", Encoding.UTF8.GetBytes(StsXml.Error(error, requestId)), error.Code, [new("x-amzn-RequestId", requestId)]);
    }

    public static StsOutcome From(MotoResponse response) => new(
        response.Status,
        response.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? "text/xml",
        response.Body,
        response.ErrorCode,
        response.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).ToList());
}
