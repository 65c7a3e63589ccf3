namespace Sesame.Sandbox.Wire;

/// <summary>An AWS error as a service reports it: code, message and HTTP status.</summary>
/// <param name="Code">The error code clients key off (e.g. <c>AccessDenied</c>).</param>
/// <param name="Message">Human-readable text; never contains secrets.</param>
/// <param name="Status">HTTP status code.</param>
public sealed record AwsError(string Code, string Message, int Status)
{
    /// <summary><c>Sender</c> for 4xx, <c>Receiver</c> for 5xx (STS error XML <c>Type</c>).</summary>
    public string Type => Status >= 500 ? "Receiver" : "Sender";

    /// <summary>403 AccessDenied.</summary>
    public static AwsError AccessDenied(string message) => new("AccessDenied", message, 403);

    /// <summary>400 ValidationError.</summary>
    public static AwsError Validation(string message) => new("ValidationError", message, 400);

    /// <summary>403 InvalidClientTokenId.</summary>
    public static AwsError InvalidClientTokenId() => new("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    /// <summary>403 ExpiredToken (the signing session expired; unmodeled in STS).</summary>
    public static AwsError ExpiredToken() => new("ExpiredToken", "The security token included in the request is expired", 403);

    /// <summary>403 SignatureDoesNotMatch.</summary>
    public static AwsError SignatureDoesNotMatch(string? detail = null) => new(
        "SignatureDoesNotMatch",
        detail ?? "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        403);
}
