using System.Net;
using System.Text.Json;
using Sesame.Core.Errors;
using Sesame.Core.Servers;
using Sesame.Testing;

namespace Sesame.Tests.Servers;

public sealed class ImdsCredentialServerTests
{
    private const string Ttl = "X-aws-ec2-metadata-token-ttl-seconds";
    private const string TokenHeader = "X-aws-ec2-metadata-token";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_imdsv2_flow_gives_a_token_with_its_ttl_the_role_name_and_the_credentials()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        var log = new RecordingLog();
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, log, time, new ImdsServerOptions { RoleName = "dev-admin", Region = "eu-west-1" });

        var put = await RawHttp.SendAsync(server.Port, "PUT", "/latest/api/token", Host(server), $"{Ttl}: 21600");
        var role = await RawHttp.SendAsync(server.Port, "GET", "/latest/meta-data/iam/security-credentials/", Host(server), $"{TokenHeader}: {put.Body}");
        var document = await RawHttp.SendAsync(server.Port, "GET", "/latest/meta-data/iam/security-credentials/dev-admin", Host(server), $"{TokenHeader}: {put.Body}");

        Assert.Equal(200, put.Status);
        Assert.Equal("21600", put.Header(Ttl));
        Assert.Equal(43, put.Body.Length);
        Assert.Equal("dev-admin", role.Body);
        var json = JsonDocument.Parse(document.Body).RootElement;
        Assert.Equal("Success", json.GetProperty("Code").GetString());
        Assert.Equal("AWS-HMAC", json.GetProperty("Type").GetString());
        Assert.Equal("2026-03-01T12:00:00Z", json.GetProperty("LastUpdated").GetString());
        Assert.Equal(CountingCredentials.Key(1), json.GetProperty("AccessKeyId").GetString());
        Assert.Equal(CountingCredentials.Secret(1), json.GetProperty("SecretAccessKey").GetString());
        Assert.Equal(CountingCredentials.Token(1), json.GetProperty("Token").GetString());
        Assert.Equal("2026-03-01T13:00:00Z", json.GetProperty("Expiration").GetString());
        Assert.False(json.TryGetProperty("AccountId", out _));
        Assert.Equal($"http://127.0.0.1:{server.Port}", server.EnvironmentVariables["AWS_EC2_METADATA_SERVICE_ENDPOINT"]);
        SecretScan.AssertNoSecrets(log.Text, [.. source.Secrets(), put.Body]);
    }

    [Fact]
    public async Task Imdsv1_requests_are_refused_unless_allowed()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var strict = ImdsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);
        await using var lenient = ImdsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time, new ImdsServerOptions { AllowImdsV1 = true });

        var refused = await RawHttp.SendAsync(strict.Port, "GET", "/latest/meta-data/iam/security-credentials/sesame", Host(strict));
        var allowed = await RawHttp.SendAsync(lenient.Port, "GET", "/latest/meta-data/iam/security-credentials/sesame", Host(lenient));

        Assert.Equal(401, refused.Status);
        Assert.Equal(200, allowed.Status);
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public async Task A_wrong_or_expired_token_is_refused()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time, new ImdsServerOptions { AllowImdsV1 = true });
        var token = (await RawHttp.SendAsync(server.Port, "PUT", "/latest/api/token", Host(server), $"{Ttl}: 60")).Body;

        var wrong = await RawHttp.SendAsync(server.Port, "GET", "/latest/meta-data/iam/security-credentials/", Host(server), $"{TokenHeader}: {token}x");
        var valid = await RawHttp.SendAsync(server.Port, "GET", "/latest/meta-data/iam/security-credentials/", Host(server), $"{TokenHeader}: {token}");
        time.Advance(TimeSpan.FromSeconds(61));
        var expired = await RawHttp.SendAsync(server.Port, "GET", "/latest/meta-data/iam/security-credentials/", Host(server), $"{TokenHeader}: {token}");

        Assert.Equal(401, wrong.Status);
        Assert.Equal(200, valid.Status);
        Assert.Equal(401, expired.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("21601")]
    [InlineData("-5")]
    [InlineData("ten")]
    public async Task A_token_request_without_a_ttl_of_1_to_21600_seconds_gets_400(string? ttl)
    {
        var time = new ManualTimeProvider(Start);
        await using var server = ImdsCredentialServer.Start(new CountingCredentials(time).FetchAsync, new RecordingLog(), time);

        var answer = ttl is null
            ? await RawHttp.SendAsync(server.Port, "PUT", "/latest/api/token", Host(server))
            : await RawHttp.SendAsync(server.Port, "PUT", "/latest/api/token", Host(server), $"{Ttl}: {ttl}");

        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task Requests_that_went_through_a_proxy_are_refused()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        var log = new RecordingLog();
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, log, time, new ImdsServerOptions { AllowImdsV1 = true });

        var put = await RawHttp.SendAsync(server.Port, "PUT", "/latest/api/token", Host(server), $"{Ttl}: 60", "X-Forwarded-For: 10.1.2.3");
        var get = await RawHttp.SendAsync(server.Port, "GET", "/latest/meta-data/iam/security-credentials/sesame", Host(server), "X-Forwarded-For: 10.1.2.3");

        Assert.Equal(403, put.Status);
        Assert.Equal(403, get.Status);
        Assert.Equal(0, source.Calls);
        Assert.Contains("X-Forwarded-For", log.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("attacker.example", 403)]
    [InlineData("attacker.example:{port}", 403)]
    [InlineData("127.0.0.1:{port}", 200)]
    [InlineData("localhost:{port}", 200)]
    [InlineData("LOCALHOST:{port}", 200)]
    [InlineData("[::1]:{port}", 200)]
    [InlineData("169.254.169.254", 200)]
    [InlineData("169.254.169.254:80", 200)]
    [InlineData("localhost", 403)]
    [InlineData("127.0.0.1:1", 403)]
    [InlineData("169.254.169.254:8080", 403)]
    public async Task The_host_field_must_name_a_loopback_address_or_the_metadata_address(string host, int status)
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);
        var value = host.Replace("{port}", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var put = await RawHttp.SendAsync(server.Port, "PUT", "/latest/api/token", $"Host: {value}", $"{Ttl}: 60");

        Assert.Equal(status, put.Status);
    }

    [Fact]
    public async Task Serves_the_identity_document_with_the_region_iam_info_and_the_extended_path()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time, new ImdsServerOptions { RoleName = "dev", Region = "cn-north-1" });
        var token = (await RawHttp.SendAsync(server.Port, "PUT", "/latest/api/token", Host(server), $"{Ttl}: 60")).Body;
        async Task<RawHttp.Answer> Get(string path) => await RawHttp.SendAsync(server.Port, "GET", path, Host(server), $"{TokenHeader}: {token}");

        var identity = JsonDocument.Parse((await Get("/latest/dynamic/instance-identity/document")).Body).RootElement;
        var info = JsonDocument.Parse((await Get("/latest/meta-data/iam/info/")).Body).RootElement;
        var extendedRole = await Get("/latest/meta-data/iam/security-credentials-extended/");
        var extended = JsonDocument.Parse((await Get("/latest/meta-data/iam/security-credentials-extended/dev")).Body).RootElement;
        var zone = await Get("/latest/meta-data/placement/availability-zone/");
        var region = await Get("/latest/meta-data/placement/region");
        var otherRole = await Get("/latest/meta-data/iam/security-credentials/admin");
        var unknown = await Get("/latest/user-data");

        Assert.Equal("cn-north-1", identity.GetProperty("region").GetString());
        Assert.Equal("111122223333", identity.GetProperty("accountId").GetString());
        Assert.Equal("Success", info.GetProperty("Code").GetString());
        Assert.Equal("arn:aws-cn:iam::111122223333:instance-profile/dev", info.GetProperty("InstanceProfileArn").GetString());
        Assert.StartsWith("AIPA", info.GetProperty("InstanceProfileId").GetString(), StringComparison.Ordinal);
        Assert.Equal("dev", extendedRole.Body);
        Assert.Equal("111122223333", extended.GetProperty("AccountId").GetString());
        Assert.Equal("cn-north-1a", zone.Body);
        Assert.Equal("cn-north-1", region.Body);
        Assert.Equal(404, otherRole.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public async Task A_prompt_it_cannot_show_is_reported_as_imds_reports_a_role_failure()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time) { Failure = () => new InteractionRequiredException("profile 'prod' needs an MFA code") };
        var log = new RecordingLog();
        await using var server = ImdsCredentialServer.Start(source.FetchAsync, log, time, new ImdsServerOptions { AllowImdsV1 = true });

        var answer = await RawHttp.SendAsync(server.Port, "GET", "/latest/meta-data/iam/security-credentials/sesame", Host(server));

        Assert.Equal(200, answer.Status);
        var json = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal("InteractionRequired", json.GetProperty("Code").GetString());
        Assert.Contains("needs an MFA code", json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("AccessKeyId", out _));
        Assert.Contains("warn: instance metadata server: cannot renew the credentials without a prompt", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_methods_are_refused()
    {
        var time = new ManualTimeProvider(Start);
        await using var server = ImdsCredentialServer.Start(new CountingCredentials(time).FetchAsync, new RecordingLog(), time, new ImdsServerOptions { AllowImdsV1 = true });

        var post = await RawHttp.SendAsync(server.Port, "POST", "/latest/api/token", Host(server), $"{Ttl}: 60", "Content-Length: 0");
        var getToken = await RawHttp.SendAsync(server.Port, "GET", "/latest/api/token", Host(server));
        var putElsewhere = await RawHttp.SendAsync(server.Port, "PUT", "/latest/meta-data/", Host(server), "Content-Length: 0");

        Assert.Equal(405, post.Status);
        Assert.Equal(405, getToken.Status);
        Assert.Equal(405, putElsewhere.Status);
    }

    [Theory]
    [InlineData("10.0.0.1", "sesame")]
    [InlineData("0.0.0.0", "sesame")]
    [InlineData("127.0.0.1", "bad role/name")]
    [InlineData("127.0.0.1", "")]
    public void Addresses_off_this_computer_and_bad_role_names_are_configuration_errors(string address, string role)
    {
        Assert.Throws<ConfigException>(() => ImdsCredentialServer.Start(_ => throw new InvalidOperationException(), new RecordingLog(), options: new ImdsServerOptions { Address = IPAddress.Parse(address), RoleName = role }));
    }

    [Fact]
    public void The_metadata_alias_is_an_allowed_address_but_not_the_default()
    {
        Assert.Equal(IPAddress.Loopback, new ImdsServerOptions().Address);
        new ImdsServerOptions { Address = IPAddress.Parse("169.254.169.254") }.Validate();
        new ImdsServerOptions { Address = IPAddress.Parse("127.0.0.2") }.Validate();
        new ImdsServerOptions { Address = IPAddress.IPv6Loopback }.Validate();
    }

    private static string Host(ImdsCredentialServer server) => $"Host: 127.0.0.1:{server.Port}";
}
