using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Servers;

/// <summary>
/// A small HTTP/1.1 server for this computer only, on plain sockets (Native AOT-safe; no ASP.NET Core,
/// no <c>HttpListener</c>). One request per connection (<c>Connection: close</c>); many connections at
/// once up to <see cref="LoopbackServerOptions.MaxConnections"/>; every client gets
/// <see cref="LoopbackServerOptions.ReadTimeout"/> to send its head and body; heads and bodies are
/// bounded. Clients whose address is neither loopback nor the address listened on are answered 403
/// before anything they send is read, so even a server bound to a link-local alias serves only this
/// computer. Handlers see a parsed <see cref="LoopbackRequest"/> and decide everything else (Host
/// checks, tokens, paths).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly LoopbackServerOptions _options;
    private readonly Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> _handler;
    private readonly ILog _log;
    private readonly TimeProvider _time;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly Task _acceptLoop;
    private int _active;

    private LoopbackHttpServer(LoopbackServerOptions options, Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> handler, ILog log, TimeProvider time, TcpListener listener)
    {
        _options = options;
        _handler = handler;
        _log = log;
        _time = time;
        _listener = listener;
        EndPoint = (IPEndPoint)listener.LocalEndpoint;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The address and port listened on (the port is known even when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port listened on.</summary>
    public int Port => EndPoint.Port;

    /// <summary>
    /// Binds and starts serving. Throws <see cref="SesameException"/> (configuration error) when the
    /// address cannot be bound: port in use, or a privileged port without the right to bind it.
    /// </summary>
    public static LoopbackHttpServer Start(
        LoopbackServerOptions options,
        Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> handler,
        ILog log,
        TimeProvider? time = null)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ConfigException($"port {options.Port} is not a TCP port (0 picks a free one, else 1 to 65535)");
        }

        var listener = new TcpListener(options.Address, options.Port);
        try
        {
            listener.Start(backlog: Math.Max(16, options.MaxConnections));
        }
        catch (SocketException e)
        {
            listener.Stop();
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "the port is in use; pick another with --port or leave it out for a free one",
                SocketError.AccessDenied => "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
                SocketError.AddressNotAvailable => "the address is not configured on this computer",
                _ => e.Message,
            };
            throw new ConfigException($"{options.Name}: cannot listen on {Display(options.Address, options.Port)}: {why}");
        }

        return new LoopbackHttpServer(options, handler, log, time ?? TimeProvider.System, listener);
    }

    /// <summary>Stops accepting, cancels requests in progress and waits for their connections to close.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _listener.Stop();
        }

        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>True when a client at <paramref name="remote"/> is on this computer: loopback, or the very address listened on.</summary>
    internal static bool IsLocalClient(IPAddress remote, IPAddress local)
    {
        remote = Normalize(remote);
        return IPAddress.IsLoopback(remote) || remote.Equals(Normalize(local));
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string Display(IPAddress address, int port)
        => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A connection that failed while being accepted (reset by the client): keep serving.
                _log.Debug($"{_options.Name}: accept failed: {e.SocketErrorCode}");
                continue;
            }

            var task = ServeConnectionAsync(socket);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        await Task.Yield();
        var active = Interlocked.Increment(ref _active);
        try
        {
            using (socket)
            {
                socket.NoDelay = true;
                var remote = (IPEndPoint)socket.RemoteEndPoint!;
                var local = (IPEndPoint)socket.LocalEndPoint!;
                using var stream = new NetworkStream(socket, ownsSocket: false);
                var response = await AnswerAsync(stream, remote, local, active).ConfigureAwait(false);
                if (response is not null)
                {
                    await WriteAsync(stream, response).ConfigureAwait(false);
                }

                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // The client is gone already.
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Reads and answers one request; <c>null</c> when the client left before finishing it.</summary>
    private async Task<LoopbackResponse?> AnswerAsync(NetworkStream stream, IPEndPoint remote, IPEndPoint local, int active)
    {
        if (!IsLocalClient(remote.Address, local.Address))
        {
            _log.Warn($"{_options.Name}: refused a connection from {remote.Address}: only clients on this computer are served");
            return LoopbackResponse.Text(403, "Only clients on this computer are served.\n");
        }

        if (active > _options.MaxConnections)
        {
            _log.Warn($"{_options.Name}: more than {_options.MaxConnections} connections at once; refusing one");
            return LoopbackResponse.Text(503, "Too many connections.\n");
        }

        using var timeout = new CancellationTokenSource(_options.ReadTimeout, _time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, timeout.Token);
        RequestHead head;
        try
        {
            var parsed = await ReadHeadAsync(stream, reading.Token).ConfigureAwait(false);
            if (parsed is null)
            {
                return null;
            }

            head = parsed.Value;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            _log.Debug($"{_options.Name}: a client from {remote} sent no complete request within {_options.ReadTimeout.TotalSeconds:0.#} s");
            return LoopbackResponse.Text(408, "The request took too long.\n");
        }

        if (!head.IsValid)
        {
            _log.Debug($"{_options.Name}: refused a request from {remote}: {head.Error}");
            return LoopbackResponse.Text(head.ErrorStatus, head.Error + "\n");
        }

        var request = new LoopbackRequest(head.Method, head.Target, head.Headers, remote, local);
        LoopbackResponse response;
        try
        {
            response = await _handler(request, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            // A bug in a handler: say so in the log (type only; messages may quote request data).
            _log.Warn($"{_options.Name}: internal error answering {request}: {e.GetType().Name}");
            response = LoopbackResponse.Text(500, "Internal error; see the server's log.\n");
        }

        _log.Debug($"{_options.Name}: {request} from {remote} -> {response.Status}");
        return response;
    }

    /// <summary>Reads the head and drops the body; <c>null</c> when the connection closed first.</summary>
    private async Task<RequestHead?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[_options.MaxHeadBytes + HeadEnd.Length];
        var length = 0;
        int end;
        while (true)
        {
            if (length == buffer.Length)
            {
                return RequestHead.Refused(431, "the request head is too large");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            var searchFrom = Math.Max(0, length - (HeadEnd.Length - 1));
            length += read;
            var found = buffer.AsSpan(searchFrom, length - searchFrom).IndexOf(HeadEnd);
            if (found >= 0)
            {
                end = searchFrom + found;
                break;
            }

            if (buffer.AsSpan(0, length).IndexOf("\n\n"u8) >= 0)
            {
                // A head ended by bare line feeds: refuse now rather than wait for a CRLF that never comes.
                return RequestHead.Refused(400, "bare LF in the request head");
            }
        }

        if (end > _options.MaxHeadBytes)
        {
            return RequestHead.Refused(431, "the request head is too large");
        }

        var head = RequestHeadParser.Parse(buffer.AsSpan(0, end), _options.MaxBodyBytes);
        if (!head.IsValid)
        {
            return head;
        }

        var remaining = head.ContentLength - (length - end - HeadEnd.Length);
        var sink = remaining > 0 ? new byte[Math.Min(remaining, 4096)] : [];
        while (remaining > 0)
        {
            var read = await stream.ReadAsync(sink.AsMemory(0, (int)Math.Min(remaining, sink.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            remaining -= read;
        }

        return head;
    }

    private async Task WriteAsync(NetworkStream stream, LoopbackResponse response)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(LoopbackResponse.Reason(response.Status)).Append("\r\n")
            .Append("Content-Type: ").Append(response.ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(response.Body.Length).Append("\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in response.Headers ?? [])
        {
            if (name.AsSpan().IndexOfAny('\r', '\n') >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new InvalidOperationException("a response header contains a line break");
            }

            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        using var writing = new CancellationTokenSource(_options.ReadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, writing.Token);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), linked.Token).ConfigureAwait(false);
        await stream.WriteAsync(response.Body, linked.Token).ConfigureAwait(false);
    }
}
