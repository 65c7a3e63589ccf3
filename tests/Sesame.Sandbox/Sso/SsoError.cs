namespace Sesame.Sandbox.Sso;

/// <summary>
/// An Identity Center error: the shape name botocore keys off (sent in <c>x-amzn-ErrorType</c>, without it
/// botocore cannot raise the modeled exception), the HTTP status, and the body fields.
/// </summary>
internal sealed record SsoError(string Shape, int Status, string Message, string? OAuthError = null)
{
    private const string OidcNamespace = "http://internal.amazon.com/coral/com.amazonaws.sso.oidc/";

    // SSO-OIDC shapes (aws-wire-reference.md §3.2): body {"error", "error_description"}.
    public static SsoError Pending() => new("AuthorizationPendingException", 400, "Authorization is still pending", "authorization_pending");

    public static SsoError SlowDown() => new("SlowDownException", 400, "Client is polling too fast", "slow_down");

    public static SsoError ExpiredDeviceCode() => new("ExpiredTokenException", 400, "Device code has expired", "expired_token");

    public static SsoError Denied() => new("AccessDeniedException", 400, "Access denied by the user", "access_denied");

    public static SsoError InvalidGrant(string why) => new("InvalidGrantException", 400, why, "invalid_grant");

    public static SsoError InvalidClient(string why) => new("InvalidClientException", 401, why, "invalid_client");

    public static SsoError InvalidRequest(string why) => new("InvalidRequestException", 400, why, "invalid_request");

    public static SsoError UnsupportedGrant(string grant) => new("UnsupportedGrantTypeException", 400, $"Unsupported grant type: {grant}", "unsupported_grant_type");

    public static SsoError InvalidClientMetadata(string why) => new("InvalidClientMetadataException", 400, why, "invalid_client_metadata");

    public static SsoError OidcServerError() => new("InternalServerException", 500, "An internal error occurred", "server_error");

    // Portal shapes (§3.3): body {"message", "__type"}.
    public static SsoError Unauthorized() => new("UnauthorizedException", 401, "Session token not found or invalid");

    public static SsoError TooManyRequests() => new("TooManyRequestsException", 429, "Too many requests");

    public static SsoError NotFound(string why) => new("ResourceNotFoundException", 404, why);

    public static SsoError PortalInvalidRequest(string why) => new("InvalidRequestException", 400, why);

    public static SsoError PortalServerError() => new("InternalServerException", 500, "An internal error occurred");

    public bool IsOidc => OAuthError is not null;

    /// <summary>The x-amzn-ErrorType header value.</summary>
    public string HeaderValue => IsOidc ? $"{Shape}:{OidcNamespace}" : Shape;
}
