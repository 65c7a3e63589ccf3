using Sesame.Core.Platform;
using Sesame.Core.Saml.Html;

namespace Sesame.Core.Saml;

/// <summary>
/// Account names for the roles of an assertion, best effort, the way aws-adfs and saml2aws get them
/// (aws-wire-reference.md §8.3): POST <c>SAMLResponse</c> to AWS's SAML sign-in endpoint and read the role
/// picker's <c>div.saml-account-name</c> texts (<c>Account: alias (111122223333)</c>). Any failure gives no
/// names, never an error: the names only decorate a list.
/// </summary>
public static class AwsSignInAccounts
{
    /// <summary>AWS's SAML sign-in endpoint (the commercial partition's ACS).</summary>
    public static readonly Uri DefaultEndpoint = new("https://signin.aws.amazon.com/saml");

    private static readonly string[] AwsSignInHosts = ["signin.aws.amazon.com", "signin.amazonaws.cn", "signin.amazonaws-us-gov.com"];

    /// <summary>
    /// Where to post: the configured endpoint (tests, <see cref="SamlKeys.SignInUrl"/>), else the assertion's
    /// Destination when it is an AWS sign-in host (China, GovCloud, regional), else <see cref="DefaultEndpoint"/>.
    /// </summary>
    public static Uri EndpointFor(SamlAssertion assertion, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured) && Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var explicitUri))
        {
            return explicitUri;
        }

        if (Uri.TryCreate(assertion.Destination, UriKind.Absolute, out var destination) && destination.Scheme == Uri.UriSchemeHttps
            && AwsSignInHosts.Any(h => destination.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || destination.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase)))
        {
            return destination;
        }

        return DefaultEndpoint;
    }

    /// <summary>Account id → name, for the accounts the sign-in page names; empty when it could not be had.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> FetchAsync(Uri endpoint, SamlAssertion assertion, HttpMessageHandler? handler, TimeProvider time, ILog log, CancellationToken cancellationToken)
    {
        if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
        {
            log.Debug($"account names: {endpoint.GetLeftPart(UriPartial.Authority)} is not https; not posting the assertion there");
            return new Dictionary<string, string>();
        }

        try
        {
            using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            client.Timeout = Timeout.InfiniteTimeSpan;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var content = new FormUrlEncodedContent([new("SAMLResponse", assertion.Base64)]);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
            request.Headers.TryAddWithoutValidation("Accept-Language", "en");
            using var response = await client.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                log.Debug($"account names: the sign-in page answered HTTP {(int)response.StatusCode}");
                return new Dictionary<string, string>();
            }

            return Parse(await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            log.Debug($"account names: {endpoint.GetLeftPart(UriPartial.Authority)} could not be read ({e.GetType().Name})");
            return new Dictionary<string, string>();
        }
    }

    /// <summary>Reads the role picker's account labels: <c>Account: alias (id)</c> gives a name, <c>Account: id</c> none.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string html)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in HtmlPage.Parse(html).TextsByClass("div", "saml-account-name"))
        {
            var text = RemoteText.Clean(raw);
            if (text.StartsWith("Account:", StringComparison.OrdinalIgnoreCase))
            {
                text = text["Account:".Length..].Trim();
            }

            var open = text.LastIndexOf('(');
            if (open > 0 && text.EndsWith(')') && IsAccountId(text[(open + 1)..^1]))
            {
                var alias = text[..open].Trim();
                if (alias.Length > 0)
                {
                    names[text[(open + 1)..^1]] = alias;
                }
            }
        }

        return names;
    }

    private static bool IsAccountId(string text) => text.Length == 12 && text.All(char.IsAsciiDigit);
}
