using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Providers;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

public sealed class ImdsProviderTests
{
    private const string Base = "http://169.254.169.254/";
    private const string RoleList = Base + "latest/meta-data/iam/security-credentials/";
    private const string Secret = "imdsSecretAccessKeyEXAMPLE0123456789";
    private static readonly string Document = $$"""{"Code": "Success", "LastUpdated": "2026-11-21T11:55:00Z", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "{{Secret}}", "Token": "imds-session", "Expiration": "2026-11-21T18:10:00Z"}""";

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly TestEnvironment _environment = new();

    private ImdsProvider Provider(ScriptedHttpHandler handler, ConfigSection? profile = null)
        => new(_environment, profile, new AwsHttpOptions(Handler: handler), _time);

    /// <summary>A well-behaved IMDS whose token answer can be replaced.</summary>
    private static ScriptedHttpHandler Imds(Func<CapturedRequest, HttpResponseMessage?>? tokenAnswer = null, string role = "web-role")
        => new((request, _) =>
        {
            if (request.Method == HttpMethod.Put)
            {
                return tokenAnswer?.Invoke(request) ?? ScriptedHttpHandler.Respond(200, "imds-token", ("X-aws-ec2-metadata-token-ttl-seconds", "21600"));
            }

            return request.Uri.AbsoluteUri switch
            {
                RoleList => ScriptedHttpHandler.Respond(200, role),
                _ when request.Uri.AbsoluteUri == RoleList + role => ScriptedHttpHandler.Respond(200, Document),
                _ => ScriptedHttpHandler.Respond(404),
            };
        });

    [Fact]
    public async Task IMDSv2_gets_a_token_then_the_role_then_its_credentials()
    {
        var handler = Imds();

        var credentials = await Provider(handler).GetAsync();

        Assert.Equal(new AwsCredentials("ASIAIMDS", Secret, "imds-session", new DateTimeOffset(2026, 11, 21, 18, 10, 0, TimeSpan.Zero)), credentials);
        Assert.Collection(
            handler.Requests,
            put =>
            {
                Assert.Equal((HttpMethod.Put, Base + "latest/api/token"), (put.Method, put.Uri.AbsoluteUri));
                Assert.Equal("21600", put.Header("X-aws-ec2-metadata-token-ttl-seconds"));
            },
            list => Assert.Equal((RoleList, "imds-token"), (list.Uri.AbsoluteUri, list.Header("X-aws-ec2-metadata-token"))),
            get => Assert.Equal((RoleList + "web-role", "imds-token"), (get.Uri.AbsoluteUri, get.Header("X-aws-ec2-metadata-token"))));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(405)]
    public async Task A_refused_token_request_falls_back_to_IMDSv1_as_botocore_does(int status)
    {
        var handler = Imds(_ => ScriptedHttpHandler.Respond(status));

        var credentials = await Provider(handler).GetAsync();

        Assert.Equal("ASIAIMDS", credentials.AccessKeyId);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests.Skip(1), r => Assert.Null(r.Header("X-aws-ec2-metadata-token")));
    }

    [Fact]
    public async Task A_token_request_without_an_answer_in_time_falls_back_to_IMDSv1()
    {
        var handler = new ScriptedHttpHandler(async (request, _, cancellationToken) =>
        {
            if (request.Method == HttpMethod.Put)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return request.Uri.AbsoluteUri == RoleList ? ScriptedHttpHandler.Respond(200, "r") : ScriptedHttpHandler.Respond(200, Document);
        });

        var fetch = Provider(handler).GetAsync();
        await _time.AdvanceUntilDone(fetch, TimeSpan.FromMilliseconds(250));

        Assert.Equal("ASIAIMDS", (await fetch).AccessKeyId);
        Assert.Equal(1, handler.Requests.Count(r => r.Method == HttpMethod.Put));
    }

    [Theory]
    [InlineData("AWS_EC2_METADATA_V1_DISABLED", "true")]
    [InlineData("AWS_EC2_METADATA_V1_DISABLED", "TRUE")]
    [InlineData("profile", "true")]
    public async Task With_IMDSv1_disabled_a_refused_token_request_is_an_error(string where, string value)
    {
        ConfigSection? profile = null;
        if (where == "profile")
        {
            profile = ProfileSet.Build(ConfigFile.Parse("config", ConfigFileKind.Config, $"[default]\nec2_metadata_v1_disabled = {value}\n"), null).GetProfile("default");
        }
        else
        {
            _environment[where] = value;
        }

        var handler = Imds(_ => ScriptedHttpHandler.Respond(403));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(handler, profile).GetAsync());

        Assert.IsNotType<CredentialsNotFoundException>(error);
        Assert.Contains("IMDSv1 is disabled", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_400_to_the_token_request_means_no_credentials()
    {
        var handler = Imds(_ => ScriptedHttpHandler.Respond(400));

        await Assert.ThrowsAsync<CredentialsNotFoundException>(() => Provider(handler).GetAsync());
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_unreachable_endpoint_means_no_credentials_after_one_request()
    {
        var handler = new ScriptedHttpHandler((_, _) => throw new HttpRequestException("Connection refused"));

        var error = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => Provider(handler).GetAsync());

        Assert.Contains("not reachable", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    public async Task Disabled_instance_metadata_is_not_asked_at_all(string value)
    {
        _environment["AWS_EC2_METADATA_DISABLED"] = value;
        var handler = Imds();

        await Assert.ThrowsAsync<CredentialsNotFoundException>(() => Provider(handler).GetAsync());
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task No_role_attached_means_no_credentials()
    {
        var handler = new ScriptedHttpHandler((request, _) => request.Method == HttpMethod.Put ? ScriptedHttpHandler.Respond(200, "t") : ScriptedHttpHandler.Respond(404));

        var error = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => Provider(handler).GetAsync());

        Assert.Contains("no IAM role is attached", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_role_that_does_not_trust_ec2_means_no_credentials_and_shows_no_secret()
    {
        var handler = new ScriptedHttpHandler((request, _) => request.Method == HttpMethod.Put ? ScriptedHttpHandler.Respond(200, "t")
            : request.Uri.AbsoluteUri == RoleList ? ScriptedHttpHandler.Respond(200, "r")
            : ScriptedHttpHandler.Respond(200, $$"""{"Code": "AssumeRoleUnauthorizedAccess", "Message": "no", "SecretAccessKey": "{{Secret}}"}"""));

        var error = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => Provider(handler).GetAsync());

        Assert.Contains("AssumeRoleUnauthorizedAccess", error.Message, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(error.Message, Secret);
    }

    [Fact]
    public async Task Busy_answers_are_retried_up_to_three_times_by_default()
    {
        var attempts = 0;
        var handler = new ScriptedHttpHandler((request, _) => request.Method == HttpMethod.Put ? ScriptedHttpHandler.Respond(200, "t")
            : request.Uri.AbsoluteUri == RoleList ? (++attempts < 3 ? ScriptedHttpHandler.Respond(503) : ScriptedHttpHandler.Respond(200, "r"))
            : ScriptedHttpHandler.Respond(200, Document));

        await Provider(handler).GetAsync();

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task The_configured_number_of_attempts_applies_to_every_failure()
    {
        _environment["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "1";
        var handler = new ScriptedHttpHandler((request, _) => request.Method == HttpMethod.Put ? ScriptedHttpHandler.Respond(200, "t") : ScriptedHttpHandler.Respond(503));

        await Assert.ThrowsAsync<CredentialsNotFoundException>(() => Provider(handler).GetAsync());

        Assert.Equal(1, handler.Requests.Count(r => r.Method == HttpMethod.Get));
    }

    [Fact]
    public async Task A_timeout_is_retried_only_when_more_attempts_are_configured()
    {
        _environment["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "2";
        _environment["AWS_METADATA_SERVICE_TIMEOUT"] = "3";
        var lists = 0;
        var handler = new ScriptedHttpHandler(async (request, _, cancellationToken) =>
        {
            if (request.Method == HttpMethod.Put)
            {
                return ScriptedHttpHandler.Respond(200, "t");
            }

            if (request.Uri.AbsoluteUri == RoleList && Interlocked.Increment(ref lists) == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return request.Uri.AbsoluteUri == RoleList ? ScriptedHttpHandler.Respond(200, "r") : ScriptedHttpHandler.Respond(200, Document);
        });
        var start = _time.GetUtcNow();

        var fetch = Provider(handler).GetAsync();
        await _time.AdvanceUntilDone(fetch, TimeSpan.FromMilliseconds(500));

        Assert.Equal("ASIAIMDS", (await fetch).AccessKeyId);
        Assert.Equal(2, lists);
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(3), "the first attempt waited for the configured 3 s");
    }

    [Fact]
    public async Task The_endpoint_variable_redirects_every_request()
    {
        _environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1338";
        var handler = new ScriptedHttpHandler((request, _) => request.Method == HttpMethod.Put ? ScriptedHttpHandler.Respond(200, "t")
            : request.Uri.AbsolutePath.EndsWith("/security-credentials/", StringComparison.Ordinal) ? ScriptedHttpHandler.Respond(200, "r")
            : ScriptedHttpHandler.Respond(200, Document));

        await Provider(handler).GetAsync();

        Assert.All(handler.Requests, r => Assert.Equal("127.0.0.1:1338", r.Uri.Authority));
    }

    [Theory]
    [InlineData("AWS_METADATA_SERVICE_TIMEOUT", "soon")]
    [InlineData("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "0")]
    [InlineData("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")]
    public async Task Invalid_settings_are_configuration_errors(string variable, string value)
    {
        _environment[variable] = value;

        var error = await Assert.ThrowsAsync<ConfigException>(() => Provider(Imds()).GetAsync());

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
