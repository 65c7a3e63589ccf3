using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sesame.Core.Credentials;
using Sesame.Testing;

namespace Sesame.Tests.Aws;

/// <summary>
/// A private moto server on a free loopback port, with one IAM user (allowed everything) and
/// one access key, and IAM authentication switched on so signatures and keys are really checked.
/// Small and self-contained on purpose: the sandbox project's moto host replaces it at merge.
/// </summary>
public sealed class MotoFixture : IDisposable
{
    private const string SeedScript = """
        import boto3, json, sys
        iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="seed", aws_secret_access_key="seed")
        iam.create_user(UserName="alice")
        iam.put_user_policy(UserName="alice", PolicyName="all", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="alice")["AccessKey"]
        print(key["AccessKeyId"]); print(key["SecretAccessKey"])
        """;

    private readonly Process _server;

    public MotoFixture()
    {
        var python = ExternalTools.Require("python3", "python3 (with moto: pip install 'moto[server]')");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo(python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        _server = Process.Start(CallerEnvironment.Scrub(info))!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        try
        {
            WaitUntilUp();
            var seeded = ExternalTools.Run(python, ["-c", SeedScript, Endpoint]);
            if (seeded.ExitCode != 0)
            {
                throw new InvalidOperationException("seeding moto failed (is boto3 installed?): " + seeded.Err);
            }

            var lines = seeded.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            UserKey = new AwsCredentials(lines[0], lines[1]);
            using var http = new HttpClient();
            using var body = new StringContent("0", System.Text.Encoding.UTF8, "text/plain");
            http.PostAsync(Endpoint + "/moto-api/reset-auth", body).GetAwaiter().GetResult().EnsureSuccessStatusCode();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The server's base URL.</summary>
    public string Endpoint { get; }

    /// <summary>The seeded key of user alice.</summary>
    public AwsCredentials UserKey { get; }

    /// <summary>The variables that point Sesame's IAM and STS clients at this server.</summary>
    public TestEnvironment Environment_() => new(new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_IAM"] = Endpoint,
        ["AWS_ENDPOINT_URL_STS"] = Endpoint,
        ["AWS_REGION"] = "us-east-1",
    });

    private void WaitUntilUp()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException("moto exited at start; is it installed? (pip install 'moto[server]')");
            }

            try
            {
                if (http.GetAsync(Endpoint + "/moto-api/").GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException("moto did not start within 30 seconds");
    }

    public void Dispose()
    {
        try
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
                _server.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _server.Dispose();
    }
}
