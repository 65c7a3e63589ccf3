using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sesame.Sandbox.Sso;

/// <summary>
/// The browser side: the authorization-code + PKCE request (<c>GET /authorize</c>, §3.2), the device
/// verification page, and the decisions posted from them; also <see cref="AuthorizeAsync"/>, a browser
/// for tests.
/// </summary>
public sealed partial class IdentityCenterService
{
    private static readonly HttpClient Browser = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    /// <summary>
    /// Acts as the user's browser for an authorization URL a client opened: approves (or denies) it as
    /// <paramref name="user"/>, then follows the redirect to the client's loopback callback, as a
    /// browser would. Returns the callback URL visited.
    /// </summary>
    public async Task<Uri> AuthorizeAsync(string authorizeUrl, string? user = null, bool deny = false, CancellationToken cancellationToken = default)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query);
        var reply = BeginAuthorization(query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal), out var grant);
        if (grant is null)
        {
            throw new InvalidOperationException($"the sandbox refused the authorization request ({reply.Status}): {reply.Text}");
        }

        var callback = Decide(grant.Id, approve: !deny, user) ?? throw new InvalidOperationException("authorization request already decided");
        using var response = await Browser.GetAsync(callback, cancellationToken);
        return new Uri(callback);
    }

    /// <summary>Approves or denies a pending authorization request by id; returns the redirect URL for the browser.</summary>
    public string? Decide(string requestId, bool approve, string? user = null)
    {
        var name = approve ? ResolveUser(user) : null;
        lock (_lock)
        {
            if (!_authorizations.TryGetValue(requestId, out var grant) || grant.Status != ApprovalStatus.Pending)
            {
                return null;
            }

            grant.User = name;
            return Conclude(grant, approve);
        }
    }

    private string Conclude(AuthorizationGrant grant, bool approve)
    {
        var state = Uri.EscapeDataString(grant.State);
        if (!approve)
        {
            grant.Status = ApprovalStatus.Denied;
            return $"{grant.RedirectUri}?error=access_denied&error_description=User+denied+access&state={state}";
        }

        grant.Status = ApprovalStatus.Approved;
        grant.Code = Random(48);
        grant.CodeExpiresAt = _directory.Clock.GetUtcNow().AddMinutes(5);
        return $"{grant.RedirectUri}?code={Uri.EscapeDataString(grant.Code)}&state={state}";
    }

    /// <summary><c>GET /authorize</c>: validates the request; shows the approval page, or redirects at once when auto-approving.</summary>
    private SsoReply BeginAuthorization(Dictionary<string, string> query, out AuthorizationGrant? created)
    {
        created = null;
        string Q(string key) => query.TryGetValue(key, out var v) ? v : string.Empty;
        ClientRegistration? client;
        lock (_lock)
        {
            client = _clients.GetValueOrDefault(Q("client_id"));
        }

        var redirect = Q("redirect_uri");
        if (client is null || !client.GrantTypes.Contains("authorization_code"))
        {
            return SsoReply.Html(400, SsoPages.Message("Unknown client", "This client is not registered for the authorization-code flow."));
        }

        // RFC 8252 §7.3: a loopback redirect matches the registered one whatever its port.
        if (!client.RedirectUris.Any(r => SameIgnoringPort(r, redirect)))
        {
            return SsoReply.Html(400, SsoPages.Message("Bad redirect", "redirect_uri is not a registered loopback URI."));
        }

        if (Q("response_type") != "code" || Q("code_challenge_method") != "S256" || Q("code_challenge").Length < 43 || Q("state").Length == 0)
        {
            return SsoReply.Redirect($"{redirect}?error=invalid_request&state={Uri.EscapeDataString(Q("state"))}");
        }

        var grant = new AuthorizationGrant
        {
            Id = Random(24),
            Client = client,
            RedirectUri = redirect,
            State = Q("state"),
            CodeChallenge = Q("code_challenge"),
        };
        lock (_lock)
        {
            _authorizations[grant.Id] = grant;
            created = grant;
            if (AutoApprove is not null)
            {
                grant.User = AutoApprove;
                return SsoReply.Redirect(Conclude(grant, approve: true), AutoApprove);
            }
        }

        return SsoReply.Html(200, SsoPages.Authorize(grant.Id, client.ClientName, Q("scopes"), Config.Users.Select(u => u.Name)));
    }

    private SsoReply AuthorizeDecision(IFormCollection form)
    {
        var redirect = Decide(form["request"].ToString(), form["decision"] == "allow", NullIfEmpty(form["user"]));
        return redirect is null ? SsoReply.Html(400, SsoPages.Message("Already decided", "This request is no longer pending.")) : SsoReply.Redirect(redirect);
    }

    private SsoReply DevicePage(string? userCode)
    {
        lock (_lock)
        {
            var grant = _devices.Values.FirstOrDefault(d => string.Equals(d.UserCode, userCode, StringComparison.OrdinalIgnoreCase));
            return grant is null || grant.Status != ApprovalStatus.Pending
                ? SsoReply.Html(200, SsoPages.DeviceCodeEntry(userCode is null ? null : "That code is not pending."))
                : SsoReply.Html(200, SsoPages.Device(grant.UserCode, grant.Client.ClientName, Config.Users.Select(u => u.Name)));
        }
    }

    private SsoReply DeviceDecision(IFormCollection form)
    {
        try
        {
            DecideDevice(form["user_code"].ToString(), form["decision"] == "allow", NullIfEmpty(form["user"]));
            return SsoReply.Html(200, SsoPages.Message(form["decision"] == "allow" ? "Request approved" : "Request denied", "You can close this window."));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return SsoReply.Html(400, SsoPages.Message("Not approved", WebUtility.HtmlEncode(e.Message)));
        }
    }

    private static bool SameIgnoringPort(string registered, string actual) =>
        Uri.TryCreate(registered, UriKind.Absolute, out var r) && Uri.TryCreate(actual, UriKind.Absolute, out var a)
        && r.Scheme == a.Scheme && r.Host == a.Host && r.AbsolutePath == a.AbsolutePath && a.IsLoopback;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
