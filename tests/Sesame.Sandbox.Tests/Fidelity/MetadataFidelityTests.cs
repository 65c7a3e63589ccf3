using System.Net;
using Sesame.Sandbox.Tests.Infrastructure;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary>botocore's instance-metadata and container providers against the metadata endpoints.</summary>
public sealed class MetadataFidelityTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo());

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Botocore_default_chain_gets_instance_role_credentials_from_IMDSv2()
    {
        using var home = _sandbox.CreateHome(profiles: false);

        var me = await Python.RunAsync(home, "identity", "-");

        Assert.Equal($"arn:aws:sts::111111111111:assumed-role/InstanceRole/{_sandbox.Metadata.InstanceId}", me.GetProperty("arn").GetString());
        Assert.Equal("iam-role", me.GetProperty("method").GetString());
        Assert.Equal("PutToken", _sandbox.Metadata.Calls.All[0].Action);
        Assert.Contains(_sandbox.Metadata.Calls.Of("GetRoleCredentials"), c => c.WithToken && c.Status == 200);
    }

    [Fact]
    public async Task Botocore_default_chain_gets_container_credentials_with_the_authorization_token()
    {
        using var home = _sandbox.CreateHome(profiles: false, containerCredentials: true);

        var me = await Python.RunAsync(home, "identity", "-");

        Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/InstanceRole/", me.GetProperty("arn").GetString());
        Assert.Equal("container-role", me.GetProperty("method").GetString());
        Assert.Single(_sandbox.Metadata.Calls.Of("GetContainerCredentials"));
    }

    [Theory]
    [InlineData("dev-developer-from-instance")]
    [InlineData("dev-developer-from-container")]
    public async Task Credential_source_profiles_assume_a_role_from_instance_or_container_credentials(string profile)
    {
        using var home = _sandbox.CreateHome(containerCredentials: true);

        var me = await Python.RunAsync(home, "identity", profile);

        Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/Developer/", me.GetProperty("arn").GetString());
        Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/InstanceRole/", _sandbox.Sts.Calls.Of("AssumeRole").Single().Principal);
    }

    [Fact]
    public async Task IMDS_refuses_tokenless_calls_proxied_token_requests_and_bad_TTLs_and_echoes_the_TTL()
    {
        using var http = new HttpClient { BaseAddress = _sandbox.Metadata.ImdsEndpoint };
        using var tokenless = await http.GetAsync("/latest/meta-data/iam/security-credentials/");
        Assert.Equal(HttpStatusCode.Unauthorized, tokenless.StatusCode);

        using var proxied = new HttpRequestMessage(HttpMethod.Put, "/latest/api/token");
        proxied.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "21600");
        proxied.Headers.Add("X-Forwarded-For", "10.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(proxied)).StatusCode);

        using var badTtl = new HttpRequestMessage(HttpMethod.Put, "/latest/api/token");
        badTtl.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "0");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(badTtl)).StatusCode);

        using var put = new HttpRequestMessage(HttpMethod.Put, "/latest/api/token");
        put.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "60");
        using var token = await http.SendAsync(put);
        Assert.Equal("60", token.Headers.GetValues("X-aws-ec2-metadata-token-ttl-seconds").Single());
        using var list = new HttpRequestMessage(HttpMethod.Get, "/latest/meta-data/iam/security-credentials/");
        list.Headers.Add("X-aws-ec2-metadata-token", await token.Content.ReadAsStringAsync());
        Assert.Equal("InstanceRole", await (await http.SendAsync(list)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Container_endpoint_refuses_a_wrong_authorization_token()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _sandbox.Metadata.ContainerCredentialsUri);
        request.Headers.TryAddWithoutValidation("Authorization", "guess");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
