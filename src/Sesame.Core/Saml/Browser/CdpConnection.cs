using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace Sesame.Core.Saml.Browser;

/// <summary>A DevTools protocol command failed (the browser answered an error, or went away).</summary>
public sealed class CdpException : Exception
{
    /// <summary>Creates the error.</summary>
    public CdpException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// One WebSocket connection to a Chromium-family browser's DevTools endpoint: commands with ids and their
/// answers, events to one handler, flat sessions (<c>sessionId</c>) for page targets. JSON is written with
/// <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/> (no reflection).
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task? _receiving;
    private int _nextId;

    /// <summary>Called for every event: method, parameters, session id (or <c>null</c> for the browser).</summary>
    public Func<string, JsonElement, string?, Task>? OnEvent { get; set; }

    /// <summary>Completes when the connection ends (the browser closed, or <see cref="DisposeAsync"/>).</summary>
    public Task Closed => _receiving ?? Task.CompletedTask;

    /// <summary>Connects to the browser's WebSocket endpoint (<c>ws://127.0.0.1:PORT/devtools/browser/ID</c>).</summary>
    public async Task ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        _receiving = Task.Run(ReceiveLoopAsync, CancellationToken.None);
    }

    /// <summary>Sends a command and waits for its result (a copy that outlives the message).</summary>
    public async Task<JsonElement> SendAsync(string method, Action<Utf8JsonWriter>? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            if (sessionId is not null)
            {
                writer.WriteString("sessionId", sessionId);
            }

            writer.WriteStartObject("params");
            parameters?.Invoke(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            _pending.TryRemove(id, out _);
            throw new CdpException($"the browser connection closed while sending {method}", e);
        }
        finally
        {
            _sendLock.Release();
        }

        using var registration = cancellationToken.Register(() => answer.TrySetCanceled(cancellationToken));
        return await answer.Task.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        if (_receiving is not null)
        {
            await _receiving.ConfigureAwait(false);
        }

        _socket.Dispose();
        _closing.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(64 * 1024), _closing.Token).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                Dispatch(buffer.WrittenMemory);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The browser went away or the connection is being closed.
        }
        finally
        {
            foreach (var (_, pending) in _pending)
            {
                pending.TrySetException(new CdpException("the browser closed the DevTools connection"));
            }

            _pending.Clear();
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement;
        var sessionId = root.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
        if (root.TryGetProperty("id", out var idElement) && idElement.TryGetInt32(out var id))
        {
            if (_pending.TryRemove(id, out var answer))
            {
                if (root.TryGetProperty("error", out var error))
                {
                    var text = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                    answer.TrySetException(new CdpException($"the browser refused a command: {RemoteText.Clean(text)}"));
                }
                else
                {
                    answer.TrySetResult(root.TryGetProperty("result", out var r) ? r.Clone() : default);
                }
            }

            return;
        }

        if (OnEvent is { } handler && root.TryGetProperty("method", out var method))
        {
            var name = method.GetString() ?? string.Empty;
            var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
            // Not awaited here: a handler sends commands, whose answers this loop must go on reading.
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(name, parameters, sessionId).ConfigureAwait(false);
                }
                catch (Exception e) when (e is CdpException or OperationCanceledException)
                {
                    // A handler's command failed because the browser is closing; the waiter sees the close.
                }
            });
        }
    }
}
