namespace Sesame.Core.Aws.Wire;

/// <summary>
/// What IAM Identity Center's two REST-JSON services share (aws-wire-reference §3.1): JSON bodies and
/// errors whose code is the <c>x-amzn-ErrorType</c> header (the text before ':'), else the body's
/// <c>code</c>/<c>Code</c>, else its <c>__type</c> (the text after '#'), as botocore and the SDKs read them.
/// </summary>
internal static class RestJson
{
    /// <summary>The content type of a JSON body.</summary>
    public const string ContentType = "application/json";

    /// <summary>The error code and message of a failed answer.</summary>
    public static AwsError ReadError(AwsAnswer answer)
    {
        AwsJsonValue? body = null;
        if (answer.Body.Length > 0)
        {
            try
            {
                body = AwsJsonValue.Parse(answer.Body);
            }
            catch (FormatException)
            {
                // An HTML error page from a proxy, say: the status still tells what happened.
            }
        }

        var code = Code(answer.ErrorType)
            ?? body?["code"].String ?? body?["Code"].String
            ?? TypeName(body?["__type"].String);
        var message = body?["message"].String ?? body?["Message"].String ?? body?["error_description"].String;
        return new AwsError(string.IsNullOrWhiteSpace(code) ? null : code, string.IsNullOrWhiteSpace(message) ? null : message);
    }

    /// <summary><c>AuthorizationPendingException:http://internal.amazon.com/…</c> → <c>AuthorizationPendingException</c>.</summary>
    private static string? Code(string? errorType)
    {
        if (string.IsNullOrWhiteSpace(errorType))
        {
            return null;
        }

        var colon = errorType.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? errorType : errorType[..colon]).Trim();
    }

    /// <summary><c>com.amazonaws.switchboard.portal#UnauthorizedException</c> → <c>UnauthorizedException</c>.</summary>
    private static string? TypeName(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var hash = type.LastIndexOf('#');
        return Code(hash < 0 ? type : type[(hash + 1)..]);
    }
}
