using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

public sealed class ContainerProviderTests : IDisposable
{
    private const string Secret = "containerSecretKeyEXAMPLE0123456789";
    private const string AuthToken = "eks-pod-identity-token-EXAMPLE";
    private static readonly string Document = $$"""{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "{{Secret}}", "Token": "container-session", "Expiration": "2026-11-21T18:00:00Z", "AccountId": "111122223333", "RoleArn": "arn:aws:iam::111122223333:role/Task"}""";

    private readonly TempDirectory _temp = new("sesame-container");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly TestEnvironment _environment = new();

    public void Dispose() => _temp.Dispose();

    private ContainerProvider Provider(ScriptedHttpHandler handler)
        => new(_environment, PhysicalFileSystem.Instance, new AwsHttpOptions(Handler: handler), _time);

    [Theory]
    [InlineData("https://example.com/creds")]
    [InlineData("http://127.0.0.1:8080/creds")]
    [InlineData("http://127.99.0.1/creds")]
    [InlineData("http://[::1]:9911/creds")]
    [InlineData("http://localhost/creds")]
    [InlineData("http://LOCALHOST:80/creds")]
    [InlineData("http://169.254.170.2/v2/credentials/x")]
    [InlineData("http://169.254.170.23/v1/credentials")]
    [InlineData("http://[fd00:ec2::23]/v1/credentials")]
    public void Full_uri_is_accepted_over_https_or_to_a_local_or_container_agent_address(string uri)
    {
        _environment[ContainerEndpoint.FullUriVariable] = uri;

        Assert.Equal(new Uri(uri), ContainerEndpoint.Resolve(_environment));
    }

    [Theory]
    [InlineData("http://example.com/creds")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://10.0.0.8/creds")]
    [InlineData("http://[fd00:ec2::254]/creds")]
    [InlineData("http://localhost.example.com/creds")]
    [InlineData("ftp://localhost/creds")]
    [InlineData("/credentials")]
    [InlineData("not a url")]
    public void Full_uri_in_plain_http_to_another_host_or_of_another_kind_is_a_configuration_error(string uri)
    {
        _environment[ContainerEndpoint.FullUriVariable] = uri;

        var error = Assert.Throws<ConfigException>(() => ContainerEndpoint.Resolve(_environment));

        Assert.Contains(ContainerEndpoint.FullUriVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_configured_means_not_found_so_the_chain_moves_on()
    {
        var handler = new ScriptedHttpHandler((_, _) => throw new InvalidOperationException("no request expected"));

        await Assert.ThrowsAsync<CredentialsNotFoundException>(() => Provider(handler).GetAsync());
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Relative_uri_goes_to_the_ecs_agent_and_wins_over_full_uri()
    {
        _environment[ContainerEndpoint.RelativeUriVariable] = "/v2/credentials/abc?x=1";
        _environment[ContainerEndpoint.FullUriVariable] = "http://localhost:9/creds";
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, Document));

        var credentials = await Provider(handler).GetAsync();

        Assert.Equal(new AwsCredentials("ASIACONTAINER", Secret, "container-session", new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero), "111122223333"), credentials);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://169.254.170.2/v2/credentials/abc?x=1", request.Uri.AbsoluteUri);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task The_token_file_wins_over_the_token_variable_is_sent_verbatim_and_is_read_again_each_fetch()
    {
        var file = _temp.Write("token", AuthToken);
        _environment[ContainerEndpoint.FullUriVariable] = "http://169.254.170.23/v1/credentials";
        _environment[ContainerProvider.TokenFileVariable] = file;
        _environment[ContainerProvider.TokenVariable] = "ignored-variable-token";
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, Document));
        var provider = Provider(handler);

        await provider.GetAsync();
        File.WriteAllText(file, "Bearer rotated");
        await provider.GetAsync();

        Assert.Equal([AuthToken, "Bearer rotated"], handler.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task The_token_variable_is_used_without_a_token_file()
    {
        _environment[ContainerEndpoint.FullUriVariable] = "http://127.0.0.1:9911/";
        _environment[ContainerProvider.TokenVariable] = AuthToken;
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, Document));

        await Provider(handler).GetAsync();

        Assert.Equal(AuthToken, handler.Requests.Single().Header("Authorization"));
    }

    [Theory]
    [InlineData("token\r\nX-Injected: yes")]
    [InlineData("token\n")]
    public async Task A_token_with_a_line_break_is_refused_without_sending_anything(string token)
    {
        _environment[ContainerEndpoint.FullUriVariable] = "http://127.0.0.1:9911/";
        _environment[ContainerProvider.TokenFileVariable] = _temp.Write("token", token);
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, Document));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(handler).GetAsync());

        Assert.Contains("contains a line break", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_missing_token_file_is_an_error_not_a_request_without_authorization()
    {
        _environment[ContainerEndpoint.FullUriVariable] = "http://169.254.170.23/v1/credentials";
        _environment[ContainerProvider.TokenFileVariable] = "/no/such/token";
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, Document));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(handler).GetAsync());

        Assert.IsNotType<CredentialsNotFoundException>(error);
        Assert.Contains("/no/such/token", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Failures_are_retried_three_times_one_second_apart()
    {
        _environment[ContainerEndpoint.RelativeUriVariable] = "/creds";
        var handler = new ScriptedHttpHandler((_, n) => n < 3 ? ScriptedHttpHandler.Respond(500) : ScriptedHttpHandler.Respond(200, Document));
        var start = _time.GetUtcNow();

        var fetch = Provider(handler).GetAsync();
        await _time.AdvanceUntilDone(fetch, TimeSpan.FromMilliseconds(250));

        Assert.Equal("ASIACONTAINER", (await fetch).AccessKeyId);
        Assert.Equal(3, handler.Requests.Count);
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(2), "two pauses of 1 s between the three attempts");
    }

    [Fact]
    public async Task After_three_failed_attempts_the_error_says_what_the_endpoint_answered()
    {
        _environment[ContainerEndpoint.RelativeUriVariable] = "/creds";
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(403, """{"code": "AccessDenied", "message": "invalid Authorization token"}"""));

        var fetch = Provider(handler).GetAsync();
        await _time.AdvanceUntilDone(fetch, TimeSpan.FromMilliseconds(250));
        var error = await Assert.ThrowsAsync<CredentialsException>(() => fetch);

        Assert.Equal("container credentials from http://169.254.170.2/creds failed after 3 attempts: HTTP 403 (AccessDenied: invalid Authorization token)", error.Message);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_times_out_after_two_seconds_per_attempt()
    {
        _environment[ContainerEndpoint.RelativeUriVariable] = "/creds";
        var handler = new ScriptedHttpHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });

        var fetch = Provider(handler).GetAsync();
        await _time.AdvanceUntilDone(fetch, TimeSpan.FromMilliseconds(500));
        var error = await Assert.ThrowsAsync<CredentialsException>(() => fetch);

        Assert.Equal(ExitCodes.Timeout, error.ExitCode);
        Assert.Contains("no answer within 2 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task An_answer_without_a_required_field_fails_at_once_and_shows_no_secret()
    {
        _environment[ContainerEndpoint.RelativeUriVariable] = "/creds";
        _environment[ContainerProvider.TokenVariable] = AuthToken;
        var handler = new ScriptedHttpHandler((_, _) => ScriptedHttpHandler.Respond(200, $$"""{"AccessKeyId": "ASIA", "SecretAccessKey": "{{Secret}}", "Expiration": "2026-11-21T18:00:00Z"}"""));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(handler).GetAsync());

        Assert.Equal("container credentials from http://169.254.170.2/creds: the answer has no Token", error.Message);
        Assert.Single(handler.Requests);
        SecretScan.AssertNoSecrets(error.Message, Secret, AuthToken);
    }
}
