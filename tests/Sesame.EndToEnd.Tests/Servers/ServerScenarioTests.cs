using System.Net;
using System.Text.Json;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Testing;
using static Sesame.EndToEnd.Tests.Infrastructure.ChainOrganisation;

namespace Sesame.EndToEnd.Tests.Servers;

/// <summary>
/// Issue 14's servers through the real binary against the sandbox: botocore and the AWS SDK for .NET,
/// pointed only at <c>exec --server</c>'s container server or at <c>serve --imds</c>, resolve the role
/// and keep working across an expiry (role sessions of a few seconds) with one AssumeRole per renewal;
/// requests without the token, with a wrong one, a foreign Host, or IMDSv1 are refused.
/// </summary>
public sealed class ServerScenarioTests(ChainSandboxFixture fixture) : IClassFixture<ChainSandboxFixture>, IDisposable
{
    /// <summary>How long the sandbox's role sessions live in the renewal scenarios.</summary>
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(12);

    private static readonly string PlainArn = $"arn:aws:sts::{Prod}:assumed-role/Plain/plain-e2e";

    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    public void Dispose() => Sandbox.Sts.AssumedRoleLifetime = null;

    [Fact]
    public Task Botocore_inside_exec_server_resolves_the_role_and_renews_across_an_expiry_with_one_assume_role_per_renewal()
        => InsideExecServer(ServerClients.Botocore, "container-role", "whoami");

    [Fact]
    public Task The_aws_sdk_for_dotnet_inside_exec_server_resolves_the_role_and_renews_across_an_expiry_with_one_assume_role_per_renewal()
        => InsideExecServer(ServerClients.DotnetSdk, null, "whoami");

    [Fact]
    public Task Botocore_pointed_at_serve_imds_resolves_the_role_and_renews_across_an_expiry_with_one_assume_role_per_renewal()
        // botocore keeps instance credentials that are about to expire (static stability): each
        // resolution is a new session, as a new process would be.
        => AtServeImds(ServerClients.Botocore, "iam-role", "new");

    [Fact]
    public Task The_aws_sdk_for_dotnet_pointed_at_serve_imds_resolves_the_role_and_renews_across_an_expiry_with_one_assume_role_per_renewal()
        => AtServeImds(ServerClients.DotnetSdk, null, "whoami");

    [Fact]
    public async Task Serve_ecs_prints_its_variables_and_refuses_no_token_a_wrong_token_and_a_foreign_host()
    {
        using var test = fixture.NewHome();
        using var serve = LiveProcess.Start(test.Home, SesameCli.Executable, ["serve", "plain", "--ecs"]);
        var variables = await ReadExportsAsync(serve, 2);
        var uri = new Uri(variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
        var token = variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"];

        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(uri, null, null));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(uri, null, ("Authorization", "not-the-token")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(uri, $"evil.example:{uri.Port}", ("Authorization", token)));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(uri, null, ("Authorization", token)));
        Assert.Equal(1, Sandbox.Sts.Calls.Count("AssumeRole"));

        serve.Signal(2);
        Assert.Equal(130, await serve.WaitForExitAsync());
        Assert.Contains("server stopped", serve.StandardError, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(serve.StandardError, [token]);
    }

    [Fact]
    public async Task Serve_imds_refuses_imdsv1_a_foreign_host_and_forwarded_requests_and_answers_v1_only_when_allowed()
    {
        using var test = fixture.NewHome();
        using var serve = LiveProcess.Start(test.Home, SesameCli.Executable, ["serve", "plain", "--imds"]);
        var endpoint = new Uri((await ReadExportsAsync(serve, 1))["AWS_EC2_METADATA_SERVICE_ENDPOINT"]);
        var roles = new Uri(endpoint, "/latest/meta-data/iam/security-credentials/");

        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(roles, null, null));
        var token = await ImdsTokenAsync(endpoint);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(roles, null, ("X-aws-ec2-metadata-token", token)));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(roles, $"attacker.example:{endpoint.Port}", ("X-aws-ec2-metadata-token", token)));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(roles, null, ("X-aws-ec2-metadata-token", token), ("X-Forwarded-For", "203.0.113.9")));

        using var allowing = LiveProcess.Start(test.Home, SesameCli.Executable, ["serve", "plain", "--imds", "--allow-imdsv1"]);
        var v1 = new Uri((await ReadExportsAsync(allowing, 1))["AWS_EC2_METADATA_SERVICE_ENDPOINT"]);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(new Uri(v1, "/latest/meta-data/iam/security-credentials/plain"), null, null));
        Assert.Contains("X-Forwarded-For", serve.StandardError, StringComparison.Ordinal);
    }

    private async Task InsideExecServer(string[] client, string? method, string command)
    {
        using var test = fixture.NewHome();
        Sandbox.Sts.AssumedRoleLifetime = Short;
        using var exec = LiveProcess.Start(test.Home, SesameCli.Executable, ["exec", "plain", "--server", "--", .. client], ServerClients.DotnetQuiet);

        var first = await exec.AskOkAsync(command);
        var again = await exec.AskOkAsync(command);
        Assert.Equal(1, Sandbox.Sts.Calls.Count("AssumeRole"));
        await Task.Delay(Short + TimeSpan.FromSeconds(1));
        var renewed = await exec.AskOkAsync(command);
        var kept = await exec.AskOkAsync(command);

        Assert.Equal(PlainArn, first.GetProperty("arn").GetString());
        Assert.Equal(PlainArn, renewed.GetProperty("arn").GetString());
        AssertOneRenewal(method, first, again, renewed, kept);

        exec.CloseInput();
        Assert.Equal(0, await exec.WaitForExitAsync());
    }

    // The client's four answers: the first two share credentials, the expiry brought new ones (one AssumeRole),
    // and those were kept.
    private void AssertOneRenewal(string? method, JsonElement first, JsonElement again, JsonElement renewed, JsonElement kept)
    {
        if (method is not null)
        {
            Assert.Equal(method, first.GetProperty("method").GetString());
        }

        Assert.Equal(Key(first), Key(again));
        Assert.NotEqual(Key(first), Key(renewed));
        Assert.Equal(Key(renewed), Key(kept));
        Assert.Equal(2, Sandbox.Sts.Calls.Count("AssumeRole"));
    }

    private async Task AtServeImds(string[] client, string? method, string command)
    {
        using var test = fixture.NewHome();
        Sandbox.Sts.AssumedRoleLifetime = Short;
        using var serve = LiveProcess.Start(test.Home, SesameCli.Executable, ["serve", "plain", "--imds"]);
        var variables = await ReadExportsAsync(serve, 1);
        var environment = new Dictionary<string, string>(ServerClients.DotnetQuiet) { ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] };
        using var probe = LiveProcess.Start(test.Home, client[0], client[1..], environment);

        var first = await probe.AskOkAsync(command);
        var again = await probe.AskOkAsync(command);
        Assert.Equal(1, Sandbox.Sts.Calls.Count("AssumeRole"));
        await Task.Delay(Short + TimeSpan.FromSeconds(1));
        var renewed = await probe.AskOkAsync(command);
        var kept = await probe.AskOkAsync(command);

        if (first.TryGetProperty("arn", out var arn))
        {
            Assert.Equal(PlainArn, arn.GetString());
            Assert.Equal(PlainArn, renewed.GetProperty("arn").GetString());
        }

        AssertOneRenewal(method, first, again, renewed, kept);
    }

    private static string Key(JsonElement answer) => answer.GetProperty("accessKeyId").GetString()!;

    /// <summary>Reads the <c>export NAME=VALUE</c> lines <c>serve</c> prints first.</summary>
    private static async Task<Dictionary<string, string>> ReadExportsAsync(LiveProcess serve, int count)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var line = await serve.ReadLineAsync();
            Assert.StartsWith("export ", line, StringComparison.Ordinal);
            var (name, value) = (line[7..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            result[name] = value;
        }

        return result;
    }

    private static async Task<HttpStatusCode> GetAsync(Uri uri, string? host, params (string Name, string Value)[]? headers)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> ImdsTokenAsync(Uri endpoint)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(endpoint, "/latest/api/token"));
        request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token-ttl-seconds", "60");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
