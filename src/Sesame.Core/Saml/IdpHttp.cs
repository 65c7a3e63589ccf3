using System.Net;
using Sesame.Core.Saml.Html;

namespace Sesame.Core.Saml;

/// <summary>A page an IdP answered, after redirects.</summary>
/// <param name="Uri">Where it came from (the last URL of the redirect chain).</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Html">The body as text.</param>
/// <param name="Challenges">The <c>WWW-Authenticate</c> schemes of a 401 (for integrated Windows authentication).</param>
internal sealed record IdpResponse(Uri Uri, int Status, string Html, IReadOnlyList<string> Challenges)
{
    private HtmlPage? _page;

    public HtmlPage Page => _page ??= HtmlPage.Parse(Html);

    public override string ToString() => $"IdpResponse {{ {Status} from {Uri.GetLeftPart(UriPartial.Path)} }}";
}

/// <summary>
/// HTTP as a browser would do it for the IdP's pages, over any handler: cookies from and into an
/// <see cref="IdpCookieJar"/> (so they can be exported), redirects followed here (so every hop's cookies
/// are kept), per-request timeouts on the injected clock. Nothing it logs carries a query string, a
/// cookie or a body.
/// </summary>
internal sealed class IdpHttp : IDisposable
{
    private const int MaxRedirects = 15;
    private const long MaxBody = 4 * 1024 * 1024;

    private readonly HttpClient _client;
    private readonly IdpCookieJar _jar;
    private readonly string _userAgent;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public IdpHttp(HttpMessageHandler handler, bool disposeHandler, IdpCookieJar jar, string userAgent, TimeSpan timeout, TimeProvider time)
    {
        _client = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
        _jar = jar;
        _userAgent = userAgent;
        _timeout = timeout;
        _time = time;
    }

    /// <summary>A GET, following redirects.</summary>
    public Task<IdpResponse> GetAsync(Uri uri, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, uri, null, cancellationToken);

    /// <summary>A POST of the body <paramref name="content"/> makes (called again if a 307/308 repeats it), following redirects.</summary>
    public Task<IdpResponse> PostAsync(Uri uri, Func<HttpContent> content, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, uri, content, cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<IdpResponse> SendAsync(HttpMethod method, Uri uri, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            // AD FS localises its error texts; English is what people search for (aws-adfs sends this too).
            request.Headers.TryAddWithoutValidation("Accept-Language", "en");
            request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            var cookies = _jar.Container.GetCookieHeader(uri);
            if (cookies.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", cookies);
            }

            if (content is not null)
            {
                request.Content = content();
            }

            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider at {Origin(uri)} did not answer within {_timeout.TotalSeconds:F0} s", exitCode: Errors.ExitCodes.Timeout);
            }
            catch (HttpRequestException e)
            {
                throw new SamlSignInException(SamlFailure.Protocol, $"could not reach the identity provider at {Origin(uri)}: {RemoteText.Clean(e.Message)}", e, Errors.ExitCodes.ServiceUnavailable);
            }
            finally
            {
                // The body may hold a password: its bytes are zeroed now, not whenever the GC runs.
                request.Content?.Dispose();
            }

            using (response)
            {
                if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                {
                    foreach (var header in setCookies)
                    {
                        try
                        {
                            _jar.Container.SetCookies(uri, header);
                        }
                        catch (CookieException)
                        {
                            // Browsers ignore a cookie they cannot parse; so does this.
                        }
                    }
                }

                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (hop >= MaxRedirects)
                    {
                        throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider at {Origin(uri)} redirected more than {MaxRedirects} times");
                    }

                    if (uri.Scheme == Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttps)
                    {
                        throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider at {Origin(uri)} redirected from https to {next.Scheme}; refusing to continue without TLS");
                    }

                    if (status is 307 or 308 && content is not null && Origin(next) != Origin(uri))
                    {
                        // A form body (a password) goes only where it was meant to go.
                        throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider at {Origin(uri)} asked to repeat a form post at {Origin(next)}; refusing to send it to another host");
                    }

                    if (status is 301 or 302 or 303)
                    {
                        method = HttpMethod.Get;
                        content = null;
                    }

                    uri = next;
                    continue;
                }

                var challenges = status == 401
                    ? response.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList()
                    : (IReadOnlyList<string>)[];
                string html;
                try
                {
                    await response.Content.LoadIntoBufferAsync(MaxBody, linked.Token).ConfigureAwait(false);
                    html = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                }
                catch (HttpRequestException e)
                {
                    throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider at {Origin(uri)} sent an unreadable page: {RemoteText.Clean(e.Message)}", e);
                }

                return new IdpResponse(uri, status, html, challenges);
            }
        }
    }

    /// <summary>Scheme, host and port only: paths and queries of IdP URLs can carry tokens.</summary>
    public static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
