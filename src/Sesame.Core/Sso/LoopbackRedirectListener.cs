using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Sesame.Core.Platform;

namespace Sesame.Core.Sso;

/// <summary>What the browser brought back to the redirect URI.</summary>
/// <param name="Code">The authorization code, on success.</param>
/// <param name="State">The state echoed back.</param>
/// <param name="Error">The OAuth error (<c>access_denied</c>, …), on failure; made printable (<see cref="TerminalText"/>).</param>
/// <param name="ErrorDescription">The error's description, if any; made printable.</param>
public sealed record RedirectResult(string? Code, string? State, string? Error, string? ErrorDescription)
{
    /// <inheritdoc />
    public override string ToString() => $"RedirectResult {{ Code = {(Code is null ? "none" : "** redacted **")}, Error = {Error} }}";
}

/// <summary>
/// The loopback redirect target of the authorization-code flow (RFC 8252 §7.3; aws-wire-reference
/// §3.2 step 2): a tiny HTTP server on <c>127.0.0.1</c> and a free port that waits for
/// <c>GET /oauth/callback?code=…&amp;state=…</c> (or <c>?error=…</c>). Hardened against whatever else
/// can reach a loopback port (other local users, web pages making the browser send requests):
/// <list type="bullet">
/// <item>connections are served concurrently, each with a short time limit, so idle or slow
/// connections cannot keep the real callback out;</item>
/// <item>the <c>Host</c> header must be <c>127.0.0.1:port</c> or <c>localhost:port</c> (DNS rebinding);</item>
/// <item>the <c>state</c> is checked before anything else: a request without this sign-in's state,
/// <c>?error=</c> included, is answered 400 and ignored;</item>
/// <item>the error and its description are stripped of control characters before anyone prints them.</item>
/// </list>
/// Only loopback connections are possible: it listens on 127.0.0.1 alone.
/// </summary>
public sealed class LoopbackRedirectListener : IDisposable
{
    /// <summary>The callback path the AWS CLI registers.</summary>
    public const string CallbackPath = "/oauth/callback";

    /// <summary>The redirect URI registered with the client (no port: loopback redirects match any port).</summary>
    public const string RegisteredRedirectUri = "http://127.0.0.1" + CallbackPath;

    /// <summary>How long one connection may take to send its request head.</summary>
    public static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(5);

    private const int MaxConcurrentConnections = 64;
    private const int MaxRequestHead = 16 * 1024;
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

    /// <summary>
    /// Waits for the callback carrying <paramref name="expectedState"/>; every other request (wrong
    /// path, wrong host, wrong or missing state, slow or idle connections) is answered or dropped
    /// and waiting goes on.
    /// </summary>
    public async Task<RedirectResult> WaitAsync(string expectedState, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<RedirectResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var active = 0;
        var connections = new List<Task>();
        var accepting = AcceptLoopAsync();
        try
        {
            var first = await Task.WhenAny(result.Task, accepting).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (first == accepting)
            {
                // The listener itself failed: report it rather than wait for ever.
                await accepting.ConfigureAwait(false);
            }

            return await result.Task.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await accepting.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            Task[] pending;
            lock (connections)
            {
                pending = [.. connections];
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
        }

        async Task AcceptLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false);
                if (Interlocked.Increment(ref active) > MaxConcurrentConnections)
                {
                    Interlocked.Decrement(ref active);
                    client.Dispose();
                    continue;
                }

                var task = ServeAsync(client);
                lock (connections)
                {
                    connections.RemoveAll(t => t.IsCompleted);
                    connections.Add(task);
                }
            }
        }

        async Task ServeAsync(TcpClient client)
        {
            try
            {
                using (client)
                {
                    var handled = await HandleAsync(client.GetStream(), expectedState, stop.Token).ConfigureAwait(false);
                    if (handled is not null)
                    {
                        result.TrySetResult(handled);
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One bad connection never ends the wait.
            }
            finally
            {
                Interlocked.Decrement(ref active);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Stop();

    // One request: the callback result when this is the sign-in's callback, else null.
    private async Task<RedirectResult?> HandleAsync(NetworkStream stream, string expectedState, CancellationToken cancellationToken)
    {
        var head = await ReadRequestHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return null;
        }

        var (target, host) = head.Value;
        if (target is null || !IsCallback(target))
        {
            await RespondAsync(stream, 404, "Not found", "Nothing here.", cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (!IsOurHost(host))
        {
            await RespondAsync(stream, 400, "Bad request", "This address serves only this computer's sign-in.", cancellationToken).ConfigureAwait(false);
            return null;
        }

        var query = ParseQuery(target.Length > CallbackPath.Length ? target[(CallbackPath.Length + 1)..] : string.Empty);
        var state = query.GetValueOrDefault("state");
        if (state is null || !FixedTimeEquals(state, expectedState))
        {
            // Before anything else: an error or a code without this sign-in's state is someone else's.
            await RespondAsync(stream, 400, "Not this sign-in", "This answer does not belong to the sign-in Sesame is waiting for.", cancellationToken).ConfigureAwait(false);
            return null;
        }

        var result = new RedirectResult(
            query.GetValueOrDefault("code"),
            state,
            TerminalText.Sanitize(query.GetValueOrDefault("error"), 200),
            TerminalText.Sanitize(query.GetValueOrDefault("error_description"), 500));
        var (title, text) = result.Error is null
            ? ("Signed in", "Sesame received the authorization. You can close this window and return to the terminal.")
            : ("Not signed in", "The sign-in was not completed. You can close this window; the terminal says what to do next.");
        await RespondAsync(stream, 200, title, text, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static bool IsCallback(string target)
        => target.StartsWith(CallbackPath, StringComparison.Ordinal) && (target.Length == CallbackPath.Length || target[CallbackPath.Length] == '?');

    private bool IsOurHost(string? host)
    {
        if (host is null)
        {
            return false;
        }

        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Equals(host, "127.0.0.1:" + port, StringComparison.Ordinal)
            || string.Equals(host, "localhost:" + port, StringComparison.OrdinalIgnoreCase);
    }

    private static bool FixedTimeEquals(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static async Task<(string? Target, string? Host)?> ReadRequestHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        // The request head only; browsers send GET without a body.
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectionTimeout);
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
        var lines = head.Split('\n');
        var parts = lines[0].TrimEnd('\r').Split(' ');
        var target = parts.Length >= 2 && parts[0] == "GET" ? parts[1] : null;
        string? host = null;
        foreach (var line in lines.AsSpan(1))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                break;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && trimmed.AsSpan(0, colon).Trim().Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                if (host is not null)
                {
                    // Two Host headers: not a browser's request.
                    return (target, null);
                }

                host = trimmed[(colon + 1)..].Trim();
            }
        }

        return (target, host);
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string title, string text, CancellationToken cancellationToken)
    {
        var body = $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>";
        var bytes = Encoding.UTF8.GetBytes(body);
        var reason = status switch { 200 => "OK", 400 => "Bad Request", _ => "Not Found" };
        var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectionTimeout);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
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
