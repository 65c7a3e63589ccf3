using System.Diagnostics;
using System.Net;
using Sesame.Sandbox.Moto;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary>The moto host: starts, seeds with authentication on, and never leaves a process behind.</summary>
public class MotoHostTests
{
    [Fact]
    public async Task Moto_exits_on_its_own_when_its_parent_goes_away()
    {
        var moto = await MotoServer.StartAsync(null, null, CancellationToken.None);
        var pid = moto.ProcessId;

        moto.CloseStdinAsIfCrashed();

        var deadline = Stopwatch.StartNew();
        while (!moto.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.True(moto.HasExited, $"moto wrapper {pid} still running after its parent's end of stdin closed");
        await moto.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_the_sandbox_stops_moto_and_the_endpoints()
    {
        var sandbox = await Sandbox.StartAsync(Organisation.Demo());
        var moto = sandbox.MotoEndpoint;
        var sts = sandbox.Sts.Endpoint;

        await sandbox.DisposeAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(moto));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(sts));
    }

    [Fact]
    public async Task A_missing_python_or_moto_fails_with_how_to_install_it()
    {
        var missing = await Assert.ThrowsAsync<SandboxUnavailableException>(() => Sandbox.StartAsync(Organisation.Demo(), new SandboxOptions { Python = "/nonexistent/python3" }));
        var broken = await Assert.ThrowsAsync<SandboxUnavailableException>(() => Sandbox.StartAsync(Organisation.Demo(), new SandboxOptions { Python = "/bin/false" }));
        Assert.Contains("pip install", missing.Message);
        Assert.Contains("pip install", broken.Message);
    }

    [Fact]
    public async Task Moto_itself_has_IAM_authentication_on_after_seeding()
    {
        await using var sandbox = await Sandbox.StartAsync(Organisation.Demo());
        using var http = new HttpClient();
        using var body = new StringContent("Action=ListUsers&Version=2010-05-08", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, sandbox.MotoEndpoint) { Content = body };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAUNKNOWNKEY000000/20240115/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20240115T120000Z");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("InvalidClientTokenId", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Organisation_validation_names_the_problem()
    {
        var org = new Organisation
        {
            Accounts = [new Account("111111111111", "dev")],
            Users = [new IamUser("alice", "222222222222")],
        };
        var error = Assert.Throws<ArgumentException>(org.Validate);
        Assert.Contains("user alice names account 222222222222", error.Message);
    }
}
