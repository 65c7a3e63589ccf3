using Sesame.Core.Servers;
using Sesame.Testing;

namespace Sesame.Tests.Servers.RealClients;

/// <summary>
/// botocore and the AWS SDK for .NET, each in its own process with a clean environment that names only
/// the server, resolve credentials from the in-process servers and keep doing so across an expiry,
/// with one fetch of the credentials callback per renewal. The first credentials live 3 seconds, the
/// next an hour; the servers run on the real clock, as the clients do.
/// </summary>
public sealed class RealClientServerTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Botocore_resolves_the_container_server_and_renews_across_an_expiry_with_one_fetch()
    {
        var source = ShortThenLong();
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log);
        using var client = RealClients.Botocore(server.EnvironmentVariables);

        var first = await client.AskAsync("get");
        var stillFirst = await client.KeyAsync();
        await Task.Delay(Short + TimeSpan.FromSeconds(1));
        var renewed = await client.KeyAsync();
        var kept = await client.KeyAsync();

        Assert.Equal("container-role", first.GetProperty("method").GetString());
        Assert.Equal(CountingCredentials.Key(1), first.GetProperty("accessKeyId").GetString());
        Assert.Equal(CountingCredentials.Token(1).Length, first.GetProperty("tokenLength").GetInt32());
        Assert.Equal(CountingCredentials.Key(1), stillFirst);
        Assert.Equal(CountingCredentials.Key(2), renewed);
        Assert.Equal(CountingCredentials.Key(2), kept);
        Assert.Equal(2, source.Calls);
        SecretScan.AssertNoSecrets(log.Text + client.StandardError, [.. source.Secrets(), server.AuthorizationToken]);
    }

    [Fact]
    public async Task Botocore_with_a_wrong_token_gets_no_credentials_and_nothing_is_fetched()
    {
        var source = ShortThenLong();
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log);
        var environment = new Dictionary<string, string>(server.EnvironmentVariables) { ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "not-the-token" };
        using var client = RealClients.Botocore(environment);

        var answer = await client.AskAsync("get");

        Assert.Contains("403", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, source.Calls);
        Assert.Contains("wrong Authorization token", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Botocore_resolves_the_instance_metadata_server_with_imdsv2_and_gets_renewed_credentials_after_an_expiry()
    {
        var source = ShortThenLong();
        var log = new RecordingLog();
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, log, options: new ImdsServerOptions { Region = "eu-west-1" });
        using var client = RealClients.Botocore(server.EnvironmentVariables);

        // botocore stretches instance credentials that are about to expire (static stability), so each
        // resolution is a new session, as a new process would be.
        var first = await client.AskAsync("new");
        var again = await client.KeyAsync("new");
        await Task.Delay(Short + TimeSpan.FromSeconds(1));
        var renewed = await client.KeyAsync("new");
        var kept = await client.KeyAsync("new");

        Assert.Equal("iam-role", first.GetProperty("method").GetString());
        Assert.Equal(CountingCredentials.Key(1), first.GetProperty("accessKeyId").GetString());
        Assert.Equal(CountingCredentials.Key(1), again);
        Assert.Equal(CountingCredentials.Key(2), renewed);
        Assert.Equal(CountingCredentials.Key(2), kept);
        Assert.Equal(2, source.Calls);
        Assert.DoesNotContain("no session token", log.Text, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(log.Text + client.StandardError, source.Secrets());
    }

    [Fact]
    public async Task The_aws_sdk_for_dotnet_resolves_the_container_server_and_renews_across_an_expiry_with_one_fetch()
    {
        var source = ShortThenLong();
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log);
        using var client = RealClients.DotnetSdk(server.EnvironmentVariables);

        var first = await client.AskAsync("get");
        Assert.False(first.TryGetProperty("error", out var error), error.ToString() + "\n" + client.StandardError);
        await Task.Delay(Short + TimeSpan.FromSeconds(1));
        var renewed = await client.KeyAsync();
        var kept = await client.KeyAsync();

        Assert.Equal(CountingCredentials.Key(1), first.GetProperty("accessKeyId").GetString());
        Assert.Equal(CountingCredentials.Key(2), renewed);
        Assert.Equal(CountingCredentials.Key(2), kept);
        Assert.Equal(2, source.Calls);
        SecretScan.AssertNoSecrets(log.Text + client.StandardError, [.. source.Secrets(), server.AuthorizationToken]);
    }

    [Fact]
    public async Task The_aws_sdk_for_dotnet_resolves_the_instance_metadata_server_and_renews_across_an_expiry_with_one_fetch()
    {
        var source = ShortThenLong();
        var log = new RecordingLog();
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, log, options: new ImdsServerOptions { Region = "eu-west-1" });
        using var client = RealClients.DotnetSdk(server.EnvironmentVariables);

        var first = await client.AskAsync("get");
        Assert.False(first.TryGetProperty("error", out var error), error.ToString() + "\n" + client.StandardError + "\n" + log.Text);
        await Task.Delay(Short + TimeSpan.FromSeconds(1));
        var renewed = await client.KeyAsync();
        var kept = await client.KeyAsync();

        Assert.Equal(CountingCredentials.Key(1), first.GetProperty("accessKeyId").GetString());
        Assert.Equal(CountingCredentials.Key(2), renewed);
        Assert.Equal(CountingCredentials.Key(2), kept);
        Assert.Equal(2, source.Calls);
        Assert.DoesNotContain("no session token", log.Text, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(log.Text + client.StandardError, source.Secrets());
    }

    private static CountingCredentials ShortThenLong()
    {
        var source = new CountingCredentials(TimeProvider.System);
        source.Lifetimes.Enqueue(Short);
        return source;
    }
}
