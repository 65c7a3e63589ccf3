using System.Text;
using System.Xml.Linq;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;

namespace Sesame.Core.Aws;

/// <summary>A minimal signed AWS Query API client (form POST, XML answer).</summary>
internal sealed class AwsQueryClient
{
    private static readonly HttpClient SharedHttp = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };

    private readonly QueryEndpoint _endpoint;
    private readonly string _service;
    private readonly string _version;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    public AwsQueryClient(QueryEndpoint endpoint, string service, string version, TimeProvider time, AwsHttpOptions? http = null)
    {
        _endpoint = endpoint;
        _service = service;
        _version = version;
        _time = time;

        // The HTTP seam: a test handler (recorded or scripted traffic) when one is given.
        _http = http?.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false) { Timeout = http.Timeout ?? TimeSpan.FromSeconds(30) }
            : SharedHttp;
    }

    public async Task<XElement> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, AwsCredentials credentials, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("Action=").Append(Encode(action)).Append("&Version=").Append(Encode(_version));
        foreach (var (name, value) in parameters)
        {
            body.Append('&').Append(Encode(name)).Append('=').Append(Encode(value));
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        var uri = _endpoint.Url;
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var signed = SigV4.Sign(host, bytes, credentials, _endpoint.SigningRegion, _service, _time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", SigV4.FormContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signed.AmzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
        if (credentials.SessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
        }

        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SesameException($"{_service.ToUpperInvariant()} {action}: cannot reach {uri.GetLeftPart(UriPartial.Authority)} ({e.Message})", ExitCodes.ServiceUnavailable, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SesameException($"{_service.ToUpperInvariant()} {action}: {uri.GetLeftPart(UriPartial.Authority)} did not answer in time", ExitCodes.Timeout, e);
        }

        using (response)
        {
            XElement root;
            try
            {
                root = XElement.Parse(text);
            }
            catch (System.Xml.XmlException)
            {
                throw new SesameException($"{_service.ToUpperInvariant()} {action}: unexpected answer (HTTP {(int)response.StatusCode})", ExitCodes.ServiceUnavailable);
            }

            if (!response.IsSuccessStatusCode || root.Name.LocalName == "ErrorResponse")
            {
                var error = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                throw new AwsServiceException(
                    _service.ToUpperInvariant(),
                    action,
                    Child(error, "Code") ?? "Unknown",
                    Child(error, "Message") ?? $"HTTP {(int)response.StatusCode}",
                    (int)response.StatusCode,
                    retryable: (int)response.StatusCode >= 500);
            }

            return root.Descendants().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? root;
        }
    }

    public static string? Child(XElement? element, string name)
        => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    // Python's quote_plus, as botocore encodes Query bodies.
    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
