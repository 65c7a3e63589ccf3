using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sesame.Sandbox.Sso;

/// <summary>An answer of the Identity Center endpoints, plus what the recorder needs.</summary>
internal sealed record SsoReply(int Status, JsonNode? Body, SsoError? Error, string? User, string? ContentType = null, string? Text = null, string? Location = null)
{
    public static SsoReply Json(JsonNode body, string? user = null) => new(200, body, null, user);

    public static SsoReply Fail(SsoError error, string? user = null) => new(error.Status, null, error, user);

    public static SsoReply Html(int status, string html, string? user = null) => new(status, null, null, user, "text/html; charset=utf-8", html);

    public static SsoReply Redirect(string location, string? user = null) => new(302, null, null, user, Location: location);

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = Status;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("D");
        if (Location is not null)
        {
            response.Headers.Location = Location;
            return;
        }

        if (Error is not null)
        {
            response.Headers["x-amzn-ErrorType"] = Error.HeaderValue;
            response.ContentType = "application/json";
            var body = Error.IsOidc
                ? new JsonObject { ["error"] = Error.OAuthError, ["error_description"] = Error.Message }
                : new JsonObject { ["message"] = Error.Message, ["__type"] = $"com.amazonaws.switchboard.portal#{Error.Shape}" };
            await response.WriteAsync(body.ToJsonString(), context.RequestAborted);
            return;
        }

        if (Text is not null)
        {
            response.ContentType = ContentType;
            await response.WriteAsync(Text, context.RequestAborted);
            return;
        }

        if (Body is not null)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(Body.ToJsonString(), context.RequestAborted);
        }
    }

    /// <summary>Reads a JSON object body; null when the body is empty or not an object.</summary>
    public static async Task<JsonObject?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
