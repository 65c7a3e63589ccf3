using System.Text;

namespace Sesame.Core.Servers;

/// <summary>
/// A complete answer: status, content type, body and extra header fields. The server adds
/// <c>Content-Length</c>, <c>Cache-Control: no-store</c> (credentials must never be cached by anything
/// in between) and <c>Connection: close</c>.
/// </summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="ContentType">The <c>Content-Type</c> value.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="Headers">Extra header fields (names and values must be plain ASCII without line breaks).</param>
public sealed record LoopbackResponse(int Status, string ContentType, byte[] Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    /// <summary>A plain-text answer.</summary>
    public static LoopbackResponse Text(int status, string text, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
        => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text), headers);

    /// <summary>A JSON answer from already serialised UTF-8 bytes.</summary>
    public static LoopbackResponse Json(int status, byte[] json) => new(status, "application/json", json);

    /// <summary>The reason phrase for the status line.</summary>
    public static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };

    /// <inheritdoc />
    public override string ToString() => $"LoopbackResponse {{ Status = {Status}, ContentType = {ContentType}, Length = {Body.Length} }}";
}
