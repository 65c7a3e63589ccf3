using System.Net.Sockets;
using System.Text;

namespace Sesame.Tests.Servers;

/// <summary>An HTTP exchange with exactly the bytes a test writes (Host fields, tokens, malformed heads).</summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Sends a request line and header fields (joined with CRLF, ended by a blank line) and reads the answer until the server closes.</summary>
    public static Task<Answer> SendAsync(int port, string method, string path, params string[] headers)
        => SendRawAsync(port, $"{method} {path} HTTP/1.1\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n");

    public static async Task<Answer> SendRawAsync(int port, string raw)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        return await ReadAnswerAsync(stream);
    }

    public static async Task<Answer> ReadAnswerAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, timeout.Token);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no complete HTTP answer: {text}");
        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return new Answer(status, headers, text[(split + 4)..]);
    }
}
