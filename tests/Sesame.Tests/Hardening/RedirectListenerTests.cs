using System.Net.Sockets;
using System.Text;
using Sesame.Core.Platform;
using Sesame.Core.Sso;

namespace Sesame.Tests.Hardening;

/// <summary>The SSO loopback listener: concurrent, short timeouts, Host and state checked first, printable errors.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RedirectListenerTests
{
    private const string State = "b6a5f0b2-8f3c-4c39-9e0e-0f1f2e3d4c5b";

    [Fact]
    public async Task Idle_connections_do_not_keep_the_real_callback_out()
    {
        using var listener = new LoopbackRedirectListener();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = listener.WaitAsync(State, stop.Token);
        var idle = new List<TcpClient>();
        for (var i = 0; i < 5; i++)
        {
            var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", listener.Port);
            idle.Add(client);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var answer = await SendAsync(listener.Port, $"/oauth/callback?code=the-code&state={State}");
        var result = await waiting;

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Equal("the-code", result.Code);
        idle.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task An_error_without_this_sign_ins_state_is_ignored()
    {
        using var listener = new LoopbackRedirectListener();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = listener.WaitAsync(State, stop.Token);

        var forged = await SendAsync(listener.Port, "/oauth/callback?error=access_denied&error_description=Password%3A");
        var wrongState = await SendAsync(listener.Port, "/oauth/callback?error=access_denied&state=other");
        Assert.StartsWith("HTTP/1.1 400", forged, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400", wrongState, StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);

        await SendAsync(listener.Port, $"/oauth/callback?code=c&state={State}");
        Assert.Equal("c", (await waiting).Code);
    }

    [Fact]
    public async Task A_request_with_a_foreign_host_is_refused()
    {
        using var listener = new LoopbackRedirectListener();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = listener.WaitAsync(State, stop.Token);

        var rebound = await SendAsync(listener.Port, $"/oauth/callback?code=c&state={State}", host: $"attacker.example:{listener.Port}");
        Assert.StartsWith("HTTP/1.1 400", rebound, StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);

        await SendAsync(listener.Port, $"/oauth/callback?code=c2&state={State}", host: $"localhost:{listener.Port}");
        Assert.Equal("c2", (await waiting).Code);
    }

    [Fact]
    public async Task The_error_description_reaches_the_caller_without_control_characters()
    {
        using var listener = new LoopbackRedirectListener();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = listener.WaitAsync(State, stop.Token);

        await SendAsync(listener.Port, $"/oauth/callback?state={State}&error=invalid_request%1B%5B31m&error_description=%1B%5B2K%0DPassword%3A%07");
        var result = await waiting;

        Assert.DoesNotContain('\u001b', result.Error!);
        Assert.DoesNotContain('\u001b', result.ErrorDescription!);
        Assert.DoesNotContain('\r', result.ErrorDescription!);
        Assert.DoesNotContain('\a', result.ErrorDescription!);
        Assert.Contains("Password:", result.ErrorDescription!, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_text_keeps_plain_text_and_makes_control_characters_visible()
    {
        Assert.Equal("AccessDenied: not allowed", TerminalText.Sanitize("AccessDenied: not allowed"));
        Assert.Equal("a b", TerminalText.Sanitize("a\r\nb"));
        Assert.Equal("\\x1b[2Jx", TerminalText.Sanitize("\u001b[2Jx"));
        Assert.Equal("\\x9b1m", TerminalText.Sanitize("\u009b1m"));
        Assert.Equal("\\u202eabc", TerminalText.Sanitize("\u202eabc"));
        Assert.Equal("héllo ✓", TerminalText.Sanitize("héllo ✓"));
        Assert.EndsWith("…", TerminalText.Sanitize(new string('x', 5000))!, StringComparison.Ordinal);
        Assert.Null(TerminalText.Sanitize(null));
    }

    [Fact]
    public void Aws_error_messages_are_made_printable_where_they_are_built()
    {
        var error = new Sesame.Core.Credentials.AwsServiceException("STS", "AssumeRole", "AccessDenied\u001b[0m", "denied\u001b]0;pwned\u0007\nPassword:", 403, retryable: false);

        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\u001b', error.ServiceMessage);
        Assert.DoesNotContain('\u001b', error.ErrorCode!);
    }

    private static async Task<string> SendAsync(int port, string target, string? host = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host ?? "127.0.0.1:" + port}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
