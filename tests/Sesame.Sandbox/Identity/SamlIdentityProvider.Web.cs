using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Sesame.Sandbox.Hosting;

namespace Sesame.Sandbox.Identity;

/// <summary>
/// The IdP's pages as AD FS serves them (aws-wire-reference.md §8.1): the IdP-initiated sign-on page, the forms
/// login with its error label, the MFA adapter pages (one-time codes, Azure MFA code and push with number
/// matching), the IdP session cookie that makes a second sign-in need no password, Windows authentication's
/// 401 challenge, and the AWS sign-in stand-in at <c>/saml</c>.
/// </summary>
public sealed partial class SamlIdentityProvider
{
    /// <summary>AD FS's session cookie name (its forms login sets it, path <c>/adfs</c>).</summary>
    public const string SessionCookie = "MSISAuth";

    /// <summary>Where AD FS's Windows-authentication endpoint lives.</summary>
    public const string IntegratedPath = "/adfs/ls/wia";

    /// <summary>The error text AD FS shows for a wrong user name or password.</summary>
    public const string WrongPasswordText = "Incorrect user ID or password. Type the correct user ID and password, and try again.";

    private readonly object _gate = new();
    private readonly Dictionary<string, (string User, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingMfa> _pending = new(StringComparer.Ordinal);

    /// <summary>Every step at the IdP and the ACS stand-in, in order.</summary>
    public CallLog<SamlCall> Calls { get; } = new();

    /// <summary>How long an IdP session cookie is honoured (AD FS's default web SSO lifetime is 8 hours).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The values of the session cookies issued so far (tests scan outputs and files for them).</summary>
    public IReadOnlyList<string> SessionTokens
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions.Keys];
            }
        }
    }

    /// <summary>Ends every IdP session (as an AD FS sign-out or a lifetime running out would).</summary>
    public void EndSessions()
    {
        lock (_gate)
        {
            _sessions.Clear();
        }
    }

    /// <summary>Approves the pending push of <paramref name="user"/> (the next poll gets the assertion).</summary>
    public void ApprovePush(string user)
    {
        lock (_gate)
        {
            foreach (var pending in _pending.Values.Where(p => p.User.Name == user))
            {
                pending.Approved = true;
            }
        }
    }

    /// <summary>The number the pending push of <paramref name="user"/> shows, or null.</summary>
    public string? PushNumber(string user)
    {
        lock (_gate)
        {
            return _pending.Values.FirstOrDefault(p => p.User.Name == user)?.Number;
        }
    }

    /// <summary>Serves the sign-on page (GET), the forms login and the adapters (POST), WIA, and the ACS role picker (POST /saml).</summary>
    internal async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var signOn = path.Equals(SignOnPath, StringComparison.OrdinalIgnoreCase) || path.Equals("/adfs/ls/idpinitiatedsignon", StringComparison.OrdinalIgnoreCase);
        var query = context.Request.QueryString.Value ?? string.Empty;
        if (signOn && context.Request.Method == "GET")
        {
            await SignOnPageAsync(context, query);
        }
        else if (path.Equals(IntegratedPath, StringComparison.OrdinalIgnoreCase))
        {
            // No KDC here: every Negotiate/NTLM attempt is refused, as AD FS refuses a client without a ticket.
            Record("IntegratedChallenge", null, context.Request.Headers.Authorization.Count > 0 ? "with Authorization" : null);
            context.Response.Headers.Append("WWW-Authenticate", "Negotiate");
            context.Response.Headers.Append("WWW-Authenticate", "NTLM");
            await Html(context, 401, "<html><head><title>401 - Unauthorized</title></head><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>");
        }
        else if (signOn && context.Request.Method == "POST")
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form.ContainsKey("Context"))
            {
                await AnswerMfaAsync(context, form, query);
            }
            else
            {
                await LoginAsync(context, form, query);
            }
        }
        else if (path == "/saml" && context.Request.Method == "POST")
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var parsed = SamlAssertions.Verify(form["SAMLResponse"].ToString(), _certificate, out var problem);
            Record("AcsPost", parsed?.NameId, parsed is null ? "invalid" : null);
            await Html(context, parsed is null ? 400 : 200, parsed is null
                ? $"<html><body><p>{WebUtility.HtmlEncode(problem)}</p></body></html>"
                : SamlPages.RolePicker(parsed.Roles.Select(r => r.Role), _directory.Organisation.Accounts));
        }
        else
        {
            return false;
        }

        return true;
    }

    private async Task SignOnPageAsync(HttpContext context, string query)
    {
        // AD FS offers Windows authentication to the browsers in its WIA user-agent list (Internet Explorer).
        if (context.Request.Headers.UserAgent.ToString().Contains("Trident/", StringComparison.Ordinal))
        {
            context.Response.Redirect(IntegratedPath + query);
            return;
        }

        if (SessionUser(context) is { } user)
        {
            Record("SessionReused", user.Name, null);
            await WorkingAsync(context, user);
            return;
        }

        Record("LoginPage", null, null);
        await Html(context, 200, SamlPages.Login(query, error: null));
    }

    private async Task LoginAsync(HttpContext context, IFormCollection form, string query)
    {
        // ADFS accepts DOMAIN\user and user@domain.
        var typed = form["UserName"].ToString();
        var name = typed[(typed.LastIndexOf('\\') + 1)..];
        name = name.Contains('@', StringComparison.Ordinal) ? name[..name.IndexOf('@', StringComparison.Ordinal)] : name;
        var user = _directory.Organisation.SamlUsers.FirstOrDefault(u => u.Name == name && u.Password == form["Password"]);
        if (user is null)
        {
            Record("LoginRefused", null, typed);
            await Html(context, 200, SamlPages.Login(query, WrongPasswordText));
            return;
        }

        Record("Login", user.Name, typed);
        if (user.Mfa is null)
        {
            await WorkingAsync(context, user, newSession: true);
            return;
        }

        var pending = new PendingMfa(user, RandomToken(), user.Mfa.Kind == SamlMfaKind.AzurePush ? RandomNumberGenerator.GetInt32(10, 100).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        lock (_gate)
        {
            _pending[pending.Context] = pending;
        }

        Record("MfaChallenge", user.Name, user.Mfa.AuthMethod);
        await Html(context, 200, SamlPages.Mfa(user, user.Mfa, pending.Context, pending.Number, query, error: null));
    }

    private async Task AnswerMfaAsync(HttpContext context, IFormCollection form, string query)
    {
        PendingMfa? pending;
        lock (_gate)
        {
            _pending.TryGetValue(form["Context"].ToString(), out pending);
        }

        if (pending is null)
        {
            Record("MfaRefused", null, "unknown context");
            await Html(context, 200, SamlPages.Login(query, "Your session has expired. Sign in again."));
            return;
        }

        var mfa = pending.User.Mfa!;
        var passed = false;
        string? error = null;
        switch (mfa.Kind)
        {
            case SamlMfaKind.OneTimeCode:
            case SamlMfaKind.AzureCode:
                passed = form[mfa.CodeField!].ToString() == mfa.Code;
                error = passed ? null : mfa.Kind == SamlMfaKind.AzureCode ? "The verification code you entered is not valid." : "The passcode you entered is incorrect. Try again.";
                break;
            case SamlMfaKind.AzurePush:
                lock (_gate)
                {
                    pending.Polls++;
                    passed = !mfa.Deny && (pending.Approved || (mfa.ApproveAfterPolls >= 0 && pending.Polls > mfa.ApproveAfterPolls));
                }

                error = mfa.Deny ? "The sign-in request was denied." : null;
                if (!passed && !mfa.Deny)
                {
                    Record("MfaPending", pending.User.Name, mfa.AuthMethod);
                    await Html(context, 200, SamlPages.Mfa(pending.User, mfa, pending.Context, pending.Number, query, error: null));
                    return;
                }

                break;
            default:
                error = "This authentication method is not available.";
                break;
        }

        if (!passed)
        {
            Record("MfaRefused", pending.User.Name, mfa.AuthMethod);
            await Html(context, 200, SamlPages.Mfa(pending.User, mfa, pending.Context, pending.Number, query, error));
            return;
        }

        lock (_gate)
        {
            _pending.Remove(pending.Context);
        }

        Record("MfaPassed", pending.User.Name, mfa.AuthMethod);
        await WorkingAsync(context, pending.User, newSession: true);
    }

    private async Task WorkingAsync(HttpContext context, SamlUser user, bool newSession = false)
    {
        if (newSession)
        {
            var token = RandomToken();
            lock (_gate)
            {
                _sessions[token] = (user.Name, _directory.Clock.GetUtcNow() + SessionLifetime);
            }

            context.Response.Headers.Append("Set-Cookie", $"{SessionCookie}={token}; path=/adfs; HttpOnly");
        }

        Record("Assertion", user.Name, null);
        await Html(context, 200, SamlPages.Working(IssueAssertion(user.Name, sessionDuration: user.SessionDuration), new Uri(SignOnUrl, "/saml").ToString()));
    }

    private SamlUser? SessionUser(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(SessionCookie, out var token) || token is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (!_sessions.TryGetValue(token, out var session) || session.Expires <= _directory.Clock.GetUtcNow())
            {
                return null;
            }

            return _directory.Organisation.SamlUsers.FirstOrDefault(u => u.Name == session.User);
        }
    }

    private void Record(string action, string? user, string? detail) => Calls.Add(new SamlCall(_directory.Clock.GetUtcNow(), action, user, detail));

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static async Task Html(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private sealed class PendingMfa(SamlUser user, string context, string? number)
    {
        public SamlUser User { get; } = user;

        public string Context { get; } = context;

        public string? Number { get; } = number;

        public int Polls { get; set; }

        public bool Approved { get; set; }
    }
}
