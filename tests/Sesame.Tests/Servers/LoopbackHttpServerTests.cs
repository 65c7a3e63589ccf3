using System.Net;
using System.Net.Sockets;
using System.Text;
using Sesame.Core.Servers;
using Sesame.Testing;

namespace Sesame.Tests.Servers;

public sealed class LoopbackHttpServerTests
{
    [Fact]
    public async Task Hands_the_parsed_request_to_the_handler_and_closes_the_connection()
    {
        LoopbackRequest? seen = null;
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions(), (request, _) =>
        {
            seen = request;
            return Task.FromResult(LoopbackResponse.Text(200, "hello"));
        }, new RecordingLog());

        var answer = await RawHttp.SendAsync(server.Port, "GET", "/a/b?c=d", "Host: 127.0.0.1", "X-Thing:  spaced value  ");

        Assert.Equal(200, answer.Status);
        Assert.Equal("hello", answer.Body);
        Assert.Equal("close", answer.Header("Connection"));
        Assert.Equal("/a/b", seen!.Path);
        Assert.Equal("c=d", seen.Query);
        Assert.Equal("spaced value", seen.Header("x-thing"));
        Assert.True(IPAddress.IsLoopback(seen.Remote.Address));
    }

    [Theory]
    [InlineData("GET /x HTTP/1.1\nHost: a\n\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost : a\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400)]
    [InlineData("GET http://169.254.169.254/x HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/2.0\r\nHost: a\r\n\r\n", 505)]
    [InlineData("GET /x\r\nHost: a\r\n\r\n", 400)]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501)]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 400)]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 999999\r\n\r\n", 413)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\u0001b\r\n\r\n", 400)]
    public async Task Refuses_heads_that_could_be_read_two_ways(string raw, int status)
    {
        var handled = 0;
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions(), (_, _) =>
        {
            Interlocked.Increment(ref handled);
            return Task.FromResult(LoopbackResponse.Text(200, "ok"));
        }, new RecordingLog());

        var answer = await RawHttp.SendRawAsync(server.Port, raw);

        Assert.Equal(status, answer.Status);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task A_head_larger_than_the_limit_gets_431()
    {
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions { MaxHeadBytes = 1024 }, (_, _) => Task.FromResult(LoopbackResponse.Text(200, "ok")), new RecordingLog());

        var answer = await RawHttp.SendRawAsync(server.Port, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('a', 4000) + "\r\n\r\n");

        Assert.Equal(431, answer.Status);
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read_and_dropped()
    {
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions(), (r, _) => Task.FromResult(LoopbackResponse.Text(200, r.Method)), new RecordingLog());

        var answer = await RawHttp.SendRawAsync(server.Port, "PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world");

        Assert.Equal(200, answer.Status);
        Assert.Equal("PUT", answer.Body);
    }

    [Fact]
    public async Task A_client_that_sends_nothing_in_time_gets_408_and_does_not_hold_the_server()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions { ReadTimeout = TimeSpan.FromSeconds(5) }, (_, _) => Task.FromResult(LoopbackResponse.Text(200, "ok")), new RecordingLog(), time);
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, server.Port);
        await slow.GetStream().WriteAsync("GET / HTTP/1.1\r\nHost:"u8.ToArray());

        var other = await RawHttp.SendAsync(server.Port, "GET", "/", "Host: a");
        var reading = RawHttp.ReadAnswerAsync(slow.GetStream());
        // The slow connection's timer starts when its task runs; advance until it has fired.
        while (!reading.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(6));
            await Task.WhenAny(reading, Task.Delay(50));
        }

        var timedOut = await reading;

        Assert.Equal(200, other.Status);
        Assert.Equal(408, timedOut.Status);
    }

    [Fact]
    public async Task Serves_many_connections_at_once()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = 0;
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions(), async (_, _) =>
        {
            Interlocked.Increment(ref waiting);
            await release.Task;
            return LoopbackResponse.Text(200, "ok");
        }, new RecordingLog());

        var requests = Enumerable.Range(0, 30).Select(_ => RawHttp.SendAsync(server.Port, "GET", "/", "Host: a")).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref waiting) == 30);
        release.SetResult();
        var answers = await Task.WhenAll(requests);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
    }

    [Fact]
    public async Task Connections_above_the_limit_are_answered_503()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = 0;
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions { MaxConnections = 2 }, async (_, _) =>
        {
            Interlocked.Increment(ref waiting);
            await release.Task;
            return LoopbackResponse.Text(200, "ok");
        }, new RecordingLog());

        var held = Enumerable.Range(0, 2).Select(_ => RawHttp.SendAsync(server.Port, "GET", "/", "Host: a")).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref waiting) == 2);
        var refused = await RawHttp.SendAsync(server.Port, "GET", "/", "Host: a");
        release.SetResult();
        await Task.WhenAll(held);

        Assert.Equal(503, refused.Status);
    }

    [Fact]
    public async Task A_handler_bug_becomes_a_500_without_its_message()
    {
        var log = new RecordingLog();
        await using var server = LoopbackHttpServer.Start(new LoopbackServerOptions(), (_, _) => throw new InvalidOperationException("secret-looking detail"), log);

        var answer = await RawHttp.SendAsync(server.Port, "GET", "/", "Host: a");

        Assert.Equal(500, answer.Status);
        Assert.DoesNotContain("secret-looking detail", answer.Body + log.Text, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", log.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.5", "127.0.0.1", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", true)]
    [InlineData("169.254.169.254", "169.254.169.254", true)]
    [InlineData("10.0.0.7", "127.0.0.1", false)]
    [InlineData("10.0.0.7", "169.254.169.254", false)]
    [InlineData("192.168.1.20", "169.254.169.254", false)]
    public void Only_clients_on_this_computer_are_local(string remote, string local, bool expected)
    {
        Assert.Equal(expected, LoopbackHttpServer.IsLocalClient(IPAddress.Parse(remote), IPAddress.Parse(local)));
    }

    [Fact]
    public async Task Stopping_ends_requests_in_progress()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = LoopbackHttpServer.Start(new LoopbackServerOptions(), async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return LoopbackResponse.Text(200, "never");
        }, new RecordingLog());
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        var buffer = new byte[16];
        Assert.Equal(0, await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }
}
