using Sesame.Core.Servers;
using Sesame.Testing;

namespace Sesame.Tests.Servers;

public sealed class ServerEnvironmentTests
{
    private static readonly Dictionary<string, string> Parent = new()
    {
        ["PATH"] = "/usr/bin",
        ["AWS_REGION"] = "eu-west-1",
        ["AWS_ACCESS_KEY_ID"] = "AKIAPARENT",
        ["AWS_SECRET_ACCESS_KEY"] = "parent-secret",
        ["AWS_PROFILE"] = "dev",
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x",
        ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/token",
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    [Fact]
    public async Task The_container_server_child_keeps_the_rest_and_loses_what_sdks_would_read_first()
    {
        await using var server = EcsCredentialServer.Start(_ => throw new InvalidOperationException(), new RecordingLog());

        var child = ServerEnvironment.ForContainerServer(Parent, server);

        Assert.Equal("/usr/bin", child["PATH"]);
        Assert.Equal("eu-west-1", child["AWS_REGION"]);
        Assert.Equal(server.FullUri.ToString(), child["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
        Assert.Equal(server.AuthorizationToken, child["AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" })
        {
            Assert.False(child.ContainsKey(name), name);
        }
    }

    [Fact]
    public async Task The_instance_metadata_server_child_also_loses_container_settings_and_the_off_switch()
    {
        await using var server = ImdsCredentialServer.Start(_ => throw new InvalidOperationException(), new RecordingLog());

        var child = ServerEnvironment.ForInstanceMetadataServer(Parent, server);

        Assert.Equal(server.Endpoint.OriginalString, child["AWS_EC2_METADATA_SERVICE_ENDPOINT"]);
        Assert.False(child.ContainsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        Assert.False(child.ContainsKey("AWS_EC2_METADATA_DISABLED"));
        Assert.False(child.ContainsKey("AWS_ACCESS_KEY_ID"));
    }
}
