using System.Net;
using System.Net.Sockets;
using System.Text;
using Sesame.Core.Caching;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>Single flight shares failures: callers waiting on a failing step get its error, not a call each.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SharedFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-harden");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Thirty_two_concurrent_callers_on_a_failing_step_cause_one_failing_call()
    {
        var inner = new FailingProvider(TimeSpan.FromMilliseconds(300));
        var locks = new FileLockProvider(_temp.Combine("locks"), TimeProvider.System, new RecordingLog());
        var cache = new MemoryCredentialCache();
        using var start = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            var provider = new CachingProvider(inner, "key-1", "prod", cache, locks, TimeProvider.System, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), new RecordingLog());
            return await Assert.ThrowsAnyAsync<SesameException>(() => provider.GetAsync());
        })).ToList();
        start.Set();
        var errors = await Task.WhenAll(callers);

        Assert.Equal(1, inner.Calls);
        Assert.All(errors, e => Assert.Equal(ExitCodes.CredentialsFailed, e.ExitCode));
        Assert.All(errors, e => Assert.Contains("AccessDenied", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caller_that_comes_after_the_failure_tries_again()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var inner = new FailingProvider(TimeSpan.Zero);
        var locks = new FileLockProvider(_temp.Combine("locks"), time, new RecordingLog());
        var provider = new CachingProvider(inner, "key-2", "prod", new MemoryCredentialCache(), locks, time, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), new RecordingLog());

        await Assert.ThrowsAsync<AwsServiceException>(() => provider.GetAsync());
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<SesameException>(() => provider.GetAsync());

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void The_failure_marker_is_0600_and_holds_only_the_exit_code_and_message()
    {
        var locks = new FileLockProvider(_temp.Combine("locks"), TimeProvider.System, new RecordingLog());
        var failure = SharedFailure.From(new CredentialsException("STS AssumeRole failed: AccessDenied: \u001b[2Jnope\nline two", ExitCodes.CredentialsFailed), DateTimeOffset.UtcNow);

        locks.RecordFailure("abc", failure);

        var marker = _temp.Combine("locks", "abc.failed");
        Assert.Equal(FileModes.OwnerReadWrite, Binary.Mode(marker));
        var read = locks.RecentFailure("abc")!;
        Assert.Equal(ExitCodes.CredentialsFailed, read.ExitCode);
        Assert.DoesNotContain('\u001b', read.Message);
        Assert.DoesNotContain('\n', read.Message);
        locks.ClearFailure("abc");
        Assert.Null(locks.RecentFailure("abc"));
    }

    [Fact]
    public async Task A_symlink_at_a_lock_path_is_refused_and_its_target_is_not_created()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("locks")).FullName;
        var target = _temp.Combine("created-through-the-link");
        File.CreateSymbolicLink(Path.Combine(folder, "k.lock"), target);
        var locks = new FileLockProvider(folder, TimeProvider.System, new RecordingLog());

        var error = await Assert.ThrowsAsync<UnsafeFileException>(() => locks.AcquireAsync("k", TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal(FileRefusal.SymbolicLink, error.Refusal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Lock_files_are_0600_whatever_was_there_before()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("locks")).FullName;
        var path = Path.Combine(folder, "k.lock");
        File.WriteAllText(path, string.Empty);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("666", 8));
        var locks = new FileLockProvider(folder, TimeProvider.System, new RecordingLog());

        using (await locks.AcquireAsync("k", TimeSpan.FromSeconds(1), CancellationToken.None))
        {
            Assert.Equal(FileModes.OwnerReadWrite, Binary.Mode(path));
        }
    }

    [Fact]
    public async Task Thirty_two_sesame_processes_on_a_refusing_sts_make_one_call()
    {
        // Long enough that all 32 processes are waiting on the lock before the one call fails.
        using var sts = new RefusingSts(TimeSpan.FromSeconds(8));
        using var home = new TempDirectory("sesame-harden-home");
        home.Write(".aws/config", """
            [profile base]
            aws_access_key_id = AKIAEXAMPLEBASEKEY01
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSHARED

            [profile app]
            role_arn = arn:aws:iam::123456789012:role/app
            source_profile = base
            region = us-east-1
            """);
        var environment = Binary.Environment_(home.Path, ("AWS_ENDPOINT_URL_STS", sts.Url), ("SESAME_BACKEND", "file"), ("SESAME_FILE_PASSPHRASE", "pass phrase for the test"));

        var runs = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Binary.RunAsync(["credential-process", "app"], environment, timeout: TimeSpan.FromSeconds(120))));

        Assert.Equal(1, sts.Requests);
        Assert.All(runs, run => Assert.Equal(ExitCodes.CredentialsFailed, run.ExitCode));
        Assert.All(runs, run => Assert.Contains("AccessDenied", run.StandardError, StringComparison.Ordinal));
        Assert.All(runs, run => SecretScan.AssertNoSecrets(run.AllOutput, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSHARED"));
    }

    private sealed class FailingProvider(TimeSpan delay) : ICredentialProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "assume-role app";

        public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(delay, cancellationToken);
            throw new AwsServiceException("STS", "AssumeRole", "AccessDenied", "User is not authorized to perform sts:AssumeRole", 403, retryable: false);
        }
    }

    /// <summary>A loopback "STS" that answers every request 403 AccessDenied after a delay, counting requests.</summary>
    private sealed class RefusingSts : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _requests;

        public RefusingSts(TimeSpan delay)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    _ = Task.Run(() => ServeAsync(client, delay));
                }
            });
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task ServeAsync(TcpClient client, TimeSpan delay)
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                var length = 0;
                try
                {
                    while (true)
                    {
                        var read = await stream.ReadAsync(buffer.AsMemory(length));
                        if (read == 0)
                        {
                            return;
                        }

                        length += read;
                        var text = Encoding.ASCII.GetString(buffer, 0, length);
                        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                        if (end < 0)
                        {
                            continue;
                        }

                        var contentLength = 0;
                        foreach (var line in text[..end].Split("\r\n"))
                        {
                            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                            {
                                contentLength = int.Parse(line[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                            }
                        }

                        if (length >= end + 4 + contentLength)
                        {
                            break;
                        }
                    }

                    Interlocked.Increment(ref _requests);
                    await Task.Delay(delay);
                    var body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>1</RequestId></ErrorResponse>";
                    var bytes = Encoding.UTF8.GetBytes(body);
                    var head = $"HTTP/1.1 403 Forbidden\r\nContent-Type: text/xml\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                    await stream.WriteAsync(bytes);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
