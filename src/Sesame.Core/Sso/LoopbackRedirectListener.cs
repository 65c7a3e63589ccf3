using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sesame.Core.Sso;

/// <summary>What the browser brought back to the redirect URI.</summary>
/// <param name="Code">The authorization code, on success.</param>
/// <param name="State">The state echoed back.</param>
/// <param name="Error">The OAuth error (<c>access_denied</c>, …), on failure.</param>
/// <param name="ErrorDescription">The error's description, if any.</param>
public sealed record RedirectResult(string? Code, string? State, string? Error, string? ErrorDescription)
{
    /// <inheritdoc />
    public override string ToString() => $"RedirectResult {{ Code = {(Code is null ? "none" : "** redacted **")}, Error = {Error} }}";
}

/// <summary>
/// The loopback redirect target of the authorization-code flow (RFC 8252 §7.3; aws-wire-reference
/// §3.2 step 2): a tiny HTTP server on <c>127.0.0.1</c> and a free port that waits for
/// <c>GET /oauth/callback?code=…&amp;state=…</c> (or <c>?error=…</c>), answers the browser with a
/// short page, and ignores anything else (favicon requests, probes) with 404. Only loopback
/// connections are possible: it listens on 127.0.0.1 alone.
/// </summary>
public sealed class LoopbackRedirectListener : IDisposable
{
    /// <summary>The callback path the AWS CLI registers.</summary>
    public const string CallbackPath = "/oauth/callback";

    /// <summary>The redirect URI registered with the client (no port: loopback redirects match any port).</summary>
    public const string RegisteredRedirectUri = "http://127.0.0.1" + CallbackPath;

    private readonly TcpListener _listener;

    /// <summary>Starts listening on a free loopback port.</summary>
    public LoopbackRedirectListener()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
    }

    /// <summary>The port listened on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The redirect URI with the port, as sent in the authorize request and CreateToken.</summary>
    public string RedirectUri => $"http://127.0.0.1:{Port}{CallbackPath}";

    /// <summary>Waits for the callback request; other requests are answered 404 and waiting goes on.</summary>
    public async Task<RedirectResult> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            var target = await ReadRequestTargetAsync(stream, cancellationToken).ConfigureAwait(false);
            if (target is null || !target.StartsWith(CallbackPath, StringComparison.Ordinal) || (target.Length > CallbackPath.Length && target[CallbackPath.Length] != '?'))
            {
                await RespondAsync(stream, 404, "Not found", "Nothing here.", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var query = ParseQuery(target.Length > CallbackPath.Length ? target[(CallbackPath.Length + 1)..] : string.Empty);
            var result = new RedirectResult(query.GetValueOrDefault("code"), query.GetValueOrDefault("state"), query.GetValueOrDefault("error"), query.GetValueOrDefault("error_description"));
            var (title, text) = result.Error is null
                ? ("Signed in", "Sesame received the authorization. You can close this window and return to the terminal.")
                : ("Not signed in", "The sign-in was not completed. You can close this window; the terminal says what to do next.");
            await RespondAsync(stream, 200, title, text, cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Stop();

    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        // The request head only; browsers send GET without a body. 16 KiB is plenty for the query.
        var buffer = new byte[16 * 1024];
        var length = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0 || buffer.AsSpan(0, length).IndexOf("\n\n"u8) >= 0)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(buffer, 0, length);
        var firstLine = head.Split('\n', 2)[0].TrimEnd('\r');
        var parts = firstLine.Split(' ');
        return parts.Length >= 2 && parts[0] == "GET" ? parts[1] : null;
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string title, string text, CancellationToken cancellationToken)
    {
        var body = $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>";
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The browser went away; the result still counts.
        }
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            result.TryAdd(name, value);
        }

        return result;
    }
}
