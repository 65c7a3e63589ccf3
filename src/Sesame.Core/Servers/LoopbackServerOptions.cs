using System.Net;

namespace Sesame.Core.Servers;

/// <summary>How a <see cref="LoopbackHttpServer"/> listens and how much it accepts from one client.</summary>
public sealed record LoopbackServerOptions
{
    /// <summary>The address to listen on: 127.0.0.1 unless a server allows something else.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Connections served at once; more are answered 503 and closed.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>How long a client may take to send its request head and body (slow clients must not hold a slot).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest request head (request line and header fields) accepted; larger ones get 431.</summary>
    public int MaxHeadBytes { get; init; } = 16 * 1024;

    /// <summary>The largest request body accepted (it is read and dropped); larger ones get 413.</summary>
    public int MaxBodyBytes { get; init; } = 4 * 1024;

    /// <summary>The name used in log lines (<c>container credentials server</c>, …).</summary>
    public string Name { get; init; } = "loopback server";
}
