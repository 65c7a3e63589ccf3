using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sesame.Sandbox.Sts;
using Directory = Sesame.Sandbox.Moto.Directory;

namespace Sesame.Sandbox.Identity;

/// <summary>A console sign-in that completed.</summary>
/// <param name="Principal">Whose credentials the sign-in token was made from.</param>
/// <param name="Destination">The console URL asked for.</param>
/// <param name="Issuer">The Issuer parameter.</param>
/// <param name="SessionDuration">SessionDuration asked for at getSigninToken, if any.</param>
public sealed record ConsoleSignIn(string Principal, string Destination, string Issuer, int? SessionDuration);

/// <summary>
/// AWS console federation (aws-wire-reference.md §7): <c>GET /federation?Action=getSigninToken</c> turns
/// AssumeRole* or GetFederationToken credentials into a sign-in token; <c>Action=login</c> redeems it
/// within 15 minutes. Instead of redirecting to the real console, login answers a page naming the identity.
/// </summary>
public sealed class ConsoleFederation
{
    private readonly Directory _directory;
    private readonly object _lock = new();
    private readonly Dictionary<string, (string Principal, DateTimeOffset Expires, int? Duration)> _tokens = new(StringComparer.Ordinal);
    private readonly List<ConsoleSignIn> _signIns = [];
    private readonly List<string> _sessionIds = [];

    internal ConsoleFederation(Directory directory) => _directory = directory;

    /// <summary>The federation endpoint (stand-in for <c>https://signin.aws.amazon.com/federation</c>).</summary>
    public Uri FederationEndpoint { get; internal set; } = new("http://127.0.0.1/federation");

    /// <summary>Completed sign-ins, in order.</summary>
    public IReadOnlyList<ConsoleSignIn> SignIns
    {
        get
        {
            lock (_lock)
            {
                return [.. _signIns];
            }
        }
    }

    /// <summary>
    /// The access key id of every <c>getSigninToken</c> request, accepted or not, in order (key ids are
    /// not secrets): tests prove from it that no long-term key (<c>AKIA…</c>) was ever sent.
    /// </summary>
    public IReadOnlyList<string> SessionIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _sessionIds];
            }
        }
    }

    internal async Task<bool> TryHandleAsync(HttpContext context)
    {
        if (context.Request.Path.Value != "/federation" || context.Request.Method != "GET")
        {
            return false;
        }

        var q = context.Request.Query;
        var (status, type, body) = q["Action"].ToString() switch
        {
            "getSigninToken" => GetSigninToken(q["Session"].ToString(), q["SessionDuration"].FirstOrDefault()),
            "login" => Login(q["SigninToken"].ToString(), q["Destination"].ToString(), q["Issuer"].ToString()),
            _ => (400, "text/plain", "unknown Action"),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        await context.Response.WriteAsync(body, context.RequestAborted);
        return true;
    }

    private (int, string, string) GetSigninToken(string session, string? durationText)
    {
        string? id, key, token;
        try
        {
            var json = JsonNode.Parse(session);
            (id, key, token) = ((string?)json?["sessionId"], (string?)json?["sessionKey"], (string?)json?["sessionToken"]);
        }
        catch (JsonException)
        {
            return Bad();
        }

        lock (_lock)
        {
            _sessionIds.Add(id ?? string.Empty);
        }

        var credential = id is null ? null : _directory.Credentials.Find(id);
        // Only temporary credentials from AssumeRole* or GetFederationToken sign in; GetSessionToken and
        // long-term keys do not.
        if (credential is null || credential.SecretAccessKey != key || credential.SessionToken is null || credential.SessionToken != token
            || credential.Kind is not (CredentialKind.AssumedRole or CredentialKind.Federated) || credential.Expiration <= _directory.Clock.GetUtcNow())
        {
            return Bad();
        }

        int? duration = null;
        if (durationText is not null)
        {
            if (credential.Kind == CredentialKind.Federated || !int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 900 or > 43200)
            {
                return Bad();
            }

            duration = d;
        }

        var signinToken = CredentialMint.RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 120);
        lock (_lock)
        {
            _tokens[signinToken] = (credential.PrincipalArn, _directory.Clock.GetUtcNow().AddMinutes(15), duration);
        }

        return (200, "application/json", new JsonObject { ["SigninToken"] = signinToken }.ToJsonString());
    }

    private (int, string, string) Login(string signinToken, string destination, string issuer)
    {
        lock (_lock)
        {
            if (!_tokens.Remove(signinToken, out var entry) || entry.Expires <= _directory.Clock.GetUtcNow() || destination.Length == 0)
            {
                return (400, "text/html", "<html><body><p>Your request included an invalid sign-in token.</p></body></html>");
            }

            _signIns.Add(new ConsoleSignIn(entry.Principal, destination, issuer, entry.Duration));
            return (200, "text/html; charset=utf-8",
                $"<html><body><h1>AWS console (Sesame sandbox)</h1><p id=\"identity\">{WebUtility.HtmlEncode(entry.Principal)}</p><p id=\"destination\">{WebUtility.HtmlEncode(destination)}</p></body></html>");
        }
    }

    private static (int, string, string) Bad() => (400, "text/plain", "Bad Request");
}
