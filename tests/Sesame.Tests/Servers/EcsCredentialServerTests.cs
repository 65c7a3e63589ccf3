using System.Net;
using System.Text.Json;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Servers;
using Sesame.Testing;

namespace Sesame.Tests.Servers;

public sealed class EcsCredentialServerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Answers_a_client_with_the_token_and_its_own_host_with_the_sdk_document()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log, time);

        var answer = await RawHttp.SendAsync(server.Port, "GET", "/", $"Host: 127.0.0.1:{server.Port}", $"Authorization: {server.AuthorizationToken}", "Accept: application/json");

        Assert.Equal(200, answer.Status);
        Assert.Equal("no-store", answer.Header("Cache-Control"));
        var json = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(CountingCredentials.Key(1), json.GetProperty("AccessKeyId").GetString());
        Assert.Equal(CountingCredentials.Secret(1), json.GetProperty("SecretAccessKey").GetString());
        Assert.Equal(CountingCredentials.Token(1), json.GetProperty("Token").GetString());
        Assert.Equal("2026-03-01T13:00:00Z", json.GetProperty("Expiration").GetString());
        Assert.Equal("111122223333", json.GetProperty("AccountId").GetString());
        SecretScan.AssertNoSecrets(log.Text, [.. source.Secrets(), server.AuthorizationToken]);
    }

    [Fact]
    public async Task The_variables_name_a_loopback_url_and_a_fresh_256_bit_token()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var one = EcsCredentialServer.Start(source.FetchAsync, NullLogInstance, time);
        await using var two = EcsCredentialServer.Start(source.FetchAsync, NullLogInstance, time);

        Assert.Equal($"http://127.0.0.1:{one.Port}/", one.EnvironmentVariables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
        Assert.Equal(one.AuthorizationToken, one.EnvironmentVariables["AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
        Assert.Equal(43, one.AuthorizationToken.Length);
        Assert.Equal(32, Convert.FromBase64String(one.AuthorizationToken.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.NotEqual(one.AuthorizationToken, two.AuthorizationToken);
        Assert.NotEqual(one.Port, two.Port);
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("wrong", 403)]
    [InlineData("prefix", 403)]
    [InlineData("case", 403)]
    public async Task Refuses_a_request_without_the_right_token_and_fetches_nothing(string? token, int status)
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log, time);
        var presented = token switch
        {
            "prefix" => server.AuthorizationToken[..^1],
            "case" => string.Equals(server.AuthorizationToken.ToUpperInvariant(), server.AuthorizationToken, StringComparison.Ordinal) ? server.AuthorizationToken.ToLowerInvariant() : server.AuthorizationToken.ToUpperInvariant(),
            _ => token,
        };
        var headers = new List<string> { $"Host: 127.0.0.1:{server.Port}" };
        if (presented is not null)
        {
            headers.Add($"Authorization: {presented}");
        }

        var answer = await RawHttp.SendAsync(server.Port, "GET", "/", [.. headers]);

        Assert.Equal(status, answer.Status);
        Assert.Equal("AccessDenied", JsonDocument.Parse(answer.Body).RootElement.GetProperty("code").GetString());
        Assert.Equal(0, source.Calls);
        Assert.Contains(log.Lines, l => l.StartsWith("warn: container credentials server: refused GET /", StringComparison.Ordinal));
        SecretScan.AssertNoSecrets(log.Text + answer.Body, server.AuthorizationToken);
    }

    [Fact]
    public async Task Refuses_two_authorization_fields_even_when_one_is_right()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);

        var answer = await RawHttp.SendAsync(server.Port, "GET", "/", $"Host: 127.0.0.1:{server.Port}", $"Authorization: {server.AuthorizationToken}", "Authorization: other");

        Assert.Equal(401, answer.Status);
        Assert.Equal(0, source.Calls);
    }

    [Theory]
    [InlineData("attacker.example:{port}")]
    [InlineData("attacker.example")]
    [InlineData("localhost:{port}")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:1")]
    [InlineData("127.0.0.1:{port}@attacker.example")]
    [InlineData("")]
    public async Task Refuses_a_host_field_other_than_its_own_address_and_port(string host)
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log, time);

        var answer = await RawHttp.SendAsync(server.Port, "GET", "/", $"Host: {host.Replace("{port}", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}", $"Authorization: {server.AuthorizationToken}");

        Assert.Equal(403, answer.Status);
        Assert.Equal(0, source.Calls);
        Assert.Contains("DNS rebinding", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_request_without_a_host_field_and_one_with_two()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);

        var none = await RawHttp.SendAsync(server.Port, "GET", "/", $"Authorization: {server.AuthorizationToken}");
        var two = await RawHttp.SendAsync(server.Port, "GET", "/", $"Host: 127.0.0.1:{server.Port}", "Host: attacker.example", $"Authorization: {server.AuthorizationToken}");

        Assert.Equal(403, none.Status);
        Assert.Equal(403, two.Status);
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task Twenty_concurrent_requests_cause_one_fetch()
    {
        var source = new CountingCredentials(TimeProvider.System);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Gate = gate.Task;
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog());
        using var http = Client(server);

        var requests = Enumerable.Range(0, 20).Select(_ => http.GetStringAsync(server.FullUri)).ToList();
        await Task.Delay(300);
        gate.SetResult();
        var bodies = await Task.WhenAll(requests);

        Assert.Equal(1, source.Calls);
        Assert.Equal(1, server.Fetches);
        Assert.All(bodies, b => Assert.Equal(CountingCredentials.Key(1), JsonDocument.Parse(b).RootElement.GetProperty("AccessKeyId").GetString()));
    }

    [Fact]
    public async Task Renews_ahead_of_expiry_once_inside_the_refresh_window()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time, TimeSpan.FromHours(1));
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);
        using var http = Client(server);

        var first = await KeyAsync(http, server);
        time.Advance(TimeSpan.FromMinutes(39));
        var beforeWindow = await KeyAsync(http, server);
        time.Advance(TimeSpan.FromMinutes(2));
        var insideWindow = await KeyAsync(http, server);
        var again = await KeyAsync(http, server);

        Assert.Equal(CountingCredentials.Key(1), first);
        Assert.Equal(CountingCredentials.Key(1), beforeWindow);
        Assert.Equal(CountingCredentials.Key(2), insideWindow);
        Assert.Equal(CountingCredentials.Key(2), again);
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public async Task Short_sessions_are_renewed_at_half_their_lifetime_not_on_every_request()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time, TimeSpan.FromMinutes(15));
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);
        using var http = Client(server);

        await KeyAsync(http, server);
        time.Advance(TimeSpan.FromMinutes(7));
        await KeyAsync(http, server);
        await KeyAsync(http, server);
        var callsBeforeHalf = source.Calls;
        time.Advance(TimeSpan.FromMinutes(1));
        var renewed = await KeyAsync(http, server);

        Assert.Equal(1, callsBeforeHalf);
        Assert.Equal(CountingCredentials.Key(2), renewed);
    }

    [Fact]
    public async Task A_prompt_it_cannot_show_becomes_a_clear_error_for_the_sdk_and_a_log_line()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time)
        {
            Failure = () => new InteractionRequiredException("profile 'prod' needs an MFA code and there is no terminal; set a TOTP seed or mfa_process"),
        };
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log, time);
        using var http = Client(server);

        using var first = await http.GetAsync(server.FullUri);
        using var second = await http.GetAsync(server.FullUri);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("InteractionRequired", json.GetProperty("code").GetString());
        Assert.Contains("profile 'prod' needs an MFA code", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(1, source.Calls);
        Assert.Contains("warn: container credentials server: cannot renew the credentials without a prompt: profile 'prod' needs an MFA code", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_failure_it_tries_again_once_the_pause_is_over()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time) { Failure = () => new InteractionRequiredException("needs MFA") };
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);
        using var http = Client(server);

        using var failed = await http.GetAsync(server.FullUri);
        source.Failure = null;
        time.Advance(TimeSpan.FromSeconds(6));
        var key = await KeyAsync(http, server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(CountingCredentials.Key(2), key);
    }

    [Fact]
    public async Task A_failed_renewal_keeps_serving_the_still_valid_credentials()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log, time);
        using var http = Client(server);

        await KeyAsync(http, server);
        time.Advance(TimeSpan.FromMinutes(45));
        source.Failure = () => new InteractionRequiredException("needs MFA");
        var stale = await KeyAsync(http, server);

        Assert.Equal(CountingCredentials.Key(1), stale);
        Assert.Equal(2, source.Calls);
        Assert.Contains("cannot renew the credentials without a prompt: needs MFA", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_term_keys_are_not_served()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time) { LongTerm = true };
        var log = new RecordingLog();
        await using var server = EcsCredentialServer.Start(source.FetchAsync, log, time);
        using var http = Client(server);

        using var answer = await http.GetAsync(server.FullUri);

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Contains("long-term keys", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(log.Text, source.Secrets());
    }

    [Fact]
    public async Task Prime_reports_a_failing_source_before_anything_is_handed_out()
    {
        var source = new CountingCredentials(TimeProvider.System) { Failure = () => new CredentialsException("AccessDenied: not authorized to assume the role") };
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog());

        var error = await Assert.ThrowsAsync<CredentialsException>(() => server.PrimeAsync(CancellationToken.None));

        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_paths_and_methods_are_refused_after_the_checks()
    {
        var time = new ManualTimeProvider(Start);
        var source = new CountingCredentials(time);
        await using var server = EcsCredentialServer.Start(source.FetchAsync, new RecordingLog(), time);
        string[] headers = [$"Host: 127.0.0.1:{server.Port}", $"Authorization: {server.AuthorizationToken}"];

        var path = await RawHttp.SendAsync(server.Port, "GET", "/role-arn/arn:aws:iam::1:role/x", headers);
        var method = await RawHttp.SendAsync(server.Port, "POST", "/", [.. headers, "Content-Length: 0"]);

        Assert.Equal(404, path.Status);
        Assert.Equal(405, method.Status);
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public void A_port_in_use_is_a_configuration_error_that_says_so()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = Assert.Throws<ConfigException>(() => EcsCredentialServer.Start(_ => throw new InvalidOperationException(), new RecordingLog(), options: new EcsServerOptions { Port = port }));

        Assert.Contains("port is in use", error.Message, StringComparison.Ordinal);
    }

    private static Sesame.Core.Platform.ILog NullLogInstance => Sesame.Core.Platform.NullLog.Instance;

    private static HttpClient Client(EcsCredentialServer server)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", server.AuthorizationToken);
        return http;
    }

    private static async Task<string> KeyAsync(HttpClient http, EcsCredentialServer server)
        => JsonDocument.Parse(await http.GetStringAsync(server.FullUri)).RootElement.GetProperty("AccessKeyId").GetString()!;
}
