using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sesame.Core.Errors;
using Sesame.Testing;

namespace Sesame.Tests.Doctor;

/// <summary>
/// <c>sesame doctor</c> through the real binary: the clock check reaches the STS endpoint the settings
/// select (a loopback listener named by <c>AWS_ENDPOINT_URL_STS</c>) with one unsigned request, the AWS CLI
/// is asked its version through a real process, and nothing in the home is written.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DoctorRealBinaryTests : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-doctor");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_real_binary_checks_the_clock_against_the_configured_sts_and_the_aws_cli_it_finds()
    {
        var home = _temp.Combine("home");
        _temp.Write("home/.aws/config", "[default]\nregion = eu-west-1\n");
        File.SetUnixFileMode(_temp.Combine("home", ".aws"), (UnixFileMode)Convert.ToInt32("700", 8));
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        DoctorHome.WriteExecutable(Path.Combine(bin, "aws"), "#!/bin/sh\necho 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12 prompt/off'\n");
        using var sts = new DateServer(DateTimeOffset.UtcNow.AddMinutes(20));
        var before = Snapshot(home);

        var run = await SesameProcess.RunAsync(["doctor", "--json"], new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["PATH"] = bin + ":/usr/bin:/bin",
            ["AWS_ENDPOINT_URL_STS"] = sts.Url,
            ["SESAME_UNLOCK_TIMEOUT"] = "0",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        });

        Assert.True(run.ExitCode == ExitCodes.DoctorFoundProblems, $"exit {run.ExitCode}: {run.StandardError}");
        using var json = JsonDocument.Parse(run.StandardOutput);
        var findings = json.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("check").GetString()!, f => (Severity: f.GetProperty("severity").GetString(), Message: f.GetProperty("message").GetString()!));
        Assert.Equal("error", findings["clock-skew"].Severity);
        Assert.Contains("20 minutes behind STS (127.0.0.1)", findings["clock-skew"].Message, StringComparison.Ordinal);
        Assert.Equal("warning", findings["aws-cli-endpoints"].Severity);
        Assert.Contains("switched off", findings["kernel-keyring"].Message, StringComparison.Ordinal);
        var request = Assert.Single(sts.Requests);
        Assert.StartsWith("GET / HTTP/1.1", request, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", request, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, Snapshot(home));
    }

    [Fact]
    public async Task Without_a_reachable_sts_the_real_binary_notes_it_and_exits_0_in_a_healthy_home()
    {
        var home = _temp.Combine("home");
        _temp.Write("home/.aws/config", "[default]\nregion = eu-west-1\n");
        File.SetUnixFileMode(_temp.Combine("home", ".aws"), (UnixFileMode)Convert.ToInt32("700", 8));
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var run = await SesameProcess.RunAsync(["doctor"], new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["PATH"] = bin,
            ["AWS_ENDPOINT_URL_STS"] = $"http://127.0.0.1:{port}",
            ["SESAME_UNLOCK_TIMEOUT"] = "0",
        });

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        Assert.Contains($"the clock was not checked: STS at http://127.0.0.1:{port}/ could not be reached", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no AWS CLI ('aws') on PATH", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\nNo problems found (", run.StandardOutput, StringComparison.Ordinal);
    }

    private static string Snapshot(string folder)
        => string.Join('\n', Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => File.Exists(f) ? $"{f} {File.GetLastWriteTimeUtc(f):O} {new FileInfo(f).Length}" : f));

    /// <summary>A loopback HTTP server that answers every request with 403 and a chosen Date header, and records the requests.</summary>
    private sealed class DateServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public DateServer(DateTimeOffset date)
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    var read = 0;
                    while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal) && read < buffer.Length)
                    {
                        var n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                        if (n == 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    lock (Requests)
                    {
                        Requests.Add(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    var response = $"HTTP/1.1 403 Forbidden\r\nDate: {date.ToString("r", CultureInfo.InvariantCulture)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                }
            });
        }

        public string Url { get; }

        public List<string> Requests { get; } = [];

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }

            _stop.Dispose();
        }
    }
}
