using System.Text;
using Sesame.Core.Aws.Wire;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// AWS's Query protocol (STS, IAM; aws-wire-reference §1.1): a form-encoded POST of
/// <c>Action</c>, <c>Version</c> and the parameters in the caller's order (Python's
/// <c>quote_plus</c>, as botocore encodes them), signed with SigV4 (or unsigned for the federation
/// calls), answered in XML whose <c>{Action}Result</c> element holds the result. Errors are
/// <c>ErrorResponse/Error/{Code,Message}</c>.
/// </summary>
internal sealed class AwsQueryClient
{
    private const string StsRetryable = "IDPCommunicationError";

    private readonly ResolvedEndpoint _endpoint;
    private readonly string _service;
    private readonly string _signingName;
    private readonly string _version;
    private readonly AwsTransport _transport;
    private readonly IReadOnlyList<string> _retryableCodes;

    public AwsQueryClient(ResolvedEndpoint endpoint, string service, string signingName, string version, AwsTransport transport)
    {
        _endpoint = endpoint;
        _service = service;
        _signingName = signingName;
        _version = version;
        _transport = transport;

        // botocore's _retry.json retries IDPCommunicationError on every STS call (only the federation
        // calls can meet it); the .NET SDK also retried InvalidIdentityToken, which botocore, smithy-rs
        // and the Kotlin SDK treat as final.
        _retryableCodes = signingName == "sts" ? [StsRetryable] : [];
    }

    /// <summary>STS at an endpoint.</summary>
    public static AwsQueryClient Sts(ResolvedEndpoint endpoint, AwsTransport transport) => new(endpoint, "STS", "sts", "2011-06-15", transport);

    /// <summary>IAM at an endpoint.</summary>
    public static AwsQueryClient Iam(ResolvedEndpoint endpoint, AwsTransport transport) => new(endpoint, "IAM", "iam", "2010-05-08", transport);

    /// <summary>
    /// Calls <paramref name="action"/> and returns its <c>{action}Result</c> element (the root when
    /// there is none). <paramref name="credentials"/> <c>null</c> sends the call unsigned.
    /// </summary>
    public Task<AwsXmlElement> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, AwsCredentials? credentials, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("Action=").Append(Encode(action)).Append("&Version=").Append(Encode(_version));
        foreach (var (name, value) in parameters)
        {
            body.Append('&').Append(Encode(name)).Append('=').Append(Encode(value));
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        var url = _endpoint.Url;
        Action<HttpRequestMessage, DateTimeOffset>? sign = null;
        if (credentials is not null)
        {
            var host = url.IsDefaultPort ? url.Host : url.Authority;
            sign = (message, time) =>
            {
                var signed = SigV4.Sign(host, url.AbsolutePath, bytes, credentials, _endpoint.SigningRegion, _signingName, time);
                message.Headers.TryAddWithoutValidation("X-Amz-Date", signed.AmzDate);
                message.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
                if (credentials.SessionToken is not null)
                {
                    message.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
                }
            };
        }

        var request = new AwsRequest(_service, action, HttpMethod.Post, url, bytes, SigV4.FormContentType, [], sign, ReadError, _retryableCodes);
        return _transport.CallAsync(request, answer => Result(answer, action), cancellationToken);
    }

    private static AwsXmlElement Result(AwsAnswer answer, string action)
    {
        var root = AwsXml.Parse(answer.Body);
        return root.Name == action + "Result" ? root : root.Descendant(action + "Result") ?? root;
    }

    /// <summary>The code and message of an <c>ErrorResponse</c> (or any document with an <c>Error</c> element).</summary>
    internal static AwsError ReadError(AwsAnswer answer)
    {
        if (answer.Body.Length == 0)
        {
            return default;
        }

        try
        {
            var root = AwsXml.Parse(answer.Body);
            var error = root.Name == "Error" ? root : root.Descendant("Error");
            return new AwsError(Blank(error?.ChildText("Code")), Blank(error?.ChildText("Message")));
        }
        catch (FormatException)
        {
            return default;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    // Python's quote_plus, as botocore encodes Query bodies.
    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
