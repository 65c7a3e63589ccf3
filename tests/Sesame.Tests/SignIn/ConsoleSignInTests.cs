using System.Text.Json;
using System.Web;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.SignIn;
using Sesame.Testing;

namespace Sesame.Tests.SignIn;

public sealed class ConsoleSignInTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Endpoint = new("https://signin.aws.amazon.com/federation");
    private static readonly AwsCredentials Role = new("ASIAROLEKEY000000001", "role-secret-wJalrXUtnFEMI", "role-session-token-IQoJb3JpZ2lu", Now.AddHours(1), "111122223333");
    private static readonly AwsCredentials UserKeys = new("AKIAUSERKEY000000001", "user-long-term-secret-wJalrXUtnFEMI");

    [Fact]
    public async Task A_role_session_gets_a_signin_token_and_a_login_url_for_the_region()
    {
        var (signIn, federation, _, _) = Create();

        var login = await signIn.CreateLoginAsync(new ConsoleSignInRequest
        {
            Credentials = Role,
            Source = ConsoleSessionSource.RoleSession,
            FederationEndpoint = Endpoint,
            Region = "eu-west-1",
            Service = "ec2",
            Duration = TimeSpan.FromHours(2),
        }, CancellationToken.None);

        var request = Assert.Single(federation.Requests);
        var query = HttpUtility.ParseQueryString(request.Uri.Query);
        Assert.Equal("getSigninToken", query["Action"]);
        Assert.Equal("7200", query["SessionDuration"]);
        var session = JsonDocument.Parse(query["Session"]!).RootElement;
        Assert.Equal(Role.AccessKeyId, session.GetProperty("sessionId").GetString());
        Assert.Equal(Role.SecretAccessKey, session.GetProperty("sessionKey").GetString());
        Assert.Equal(Role.SessionToken, session.GetProperty("sessionToken").GetString());
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1", login.Destination);
        var loginQuery = HttpUtility.ParseQueryString(login.Url.Query);
        Assert.Equal("https://signin.aws.amazon.com/federation", login.Url.GetLeftPart(UriPartial.Path));
        Assert.Equal("login", loginQuery["Action"]);
        Assert.Equal("sesame", loginQuery["Issuer"]);
        Assert.Equal(login.Destination, loginQuery["Destination"]);
        Assert.Equal("SIGNIN-TOKEN-1", loginQuery["SigninToken"]);
        Assert.Equal(Now.AddMinutes(15), login.ExpiresAt);
        Assert.True(login.SessionDurationSent);
        Assert.DoesNotContain("SIGNIN-TOKEN", login.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_duration_no_session_duration_is_sent()
    {
        var (signIn, federation, _, _) = Create();

        var login = await signIn.CreateLoginAsync(Request(Role, ConsoleSessionSource.RoleSession), CancellationToken.None);

        Assert.Null(HttpUtility.ParseQueryString(Assert.Single(federation.Requests).Uri.Query)["SessionDuration"]);
        Assert.False(login.SessionDurationSent);
    }

    [Theory]
    [InlineData(ConsoleSessionSource.ChainedRoleSession, "role-chained")]
    [InlineData(ConsoleSessionSource.FederationSession, "federation session")]
    public async Task Session_duration_is_left_out_with_a_warning_where_aws_refuses_it(ConsoleSessionSource source, string why)
    {
        var (signIn, federation, _, log) = Create();

        var login = await signIn.CreateLoginAsync(Request(Role, source) with { Duration = TimeSpan.FromHours(4) }, CancellationToken.None);

        Assert.Null(HttpUtility.ParseQueryString(Assert.Single(federation.Requests).Uri.Query)["SessionDuration"]);
        Assert.False(login.SessionDurationSent);
        Assert.Contains(why, log.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(899)]
    [InlineData(43201)]
    public async Task A_role_session_duration_outside_15_minutes_to_12_hours_is_refused_before_any_call(int seconds)
    {
        var (signIn, federation, _, _) = Create();

        await Assert.ThrowsAsync<ConfigException>(() => signIn.CreateLoginAsync(Request(Role, ConsoleSessionSource.RoleSession) with { Duration = TimeSpan.FromSeconds(seconds) }, CancellationToken.None));

        Assert.Empty(federation.Requests);
    }

    [Fact]
    public async Task Long_term_keys_become_a_federation_session_and_never_reach_the_federation_endpoint()
    {
        var (signIn, federation, sts, log) = Create();

        var login = await signIn.CreateLoginAsync(Request(UserKeys, ConsoleSessionSource.LongTermKeys) with { Duration = TimeSpan.FromHours(3) }, CancellationToken.None);

        Assert.Equal(["GetCallerIdentity", "GetFederationToken"], sts.Calls);
        var (name, policy, duration) = Assert.Single(sts.Federations);
        Assert.Equal("alice", name);
        Assert.Equal(ConsoleSignIn.AllowAllPolicy, policy);
        Assert.Equal(10800, duration);
        var request = Assert.Single(federation.Requests);
        var query = HttpUtility.ParseQueryString(request.Uri.Query);
        Assert.Null(query["SessionDuration"]);
        Assert.Equal(FakeFederationSts.FederatedKey, JsonDocument.Parse(query["Session"]!).RootElement.GetProperty("sessionId").GetString());
        SecretScan.AssertNoSecrets(request.Uri.ToString() + login.Url + log.Text, UserKeys.AccessKeyId, UserKeys.SecretAccessKey);
        Assert.Equal("arn:aws:sts::111122223333:federated-user/alice", login.FederatedUserArn);
    }

    [Fact]
    public async Task Long_term_keys_get_a_one_hour_federation_session_by_default_and_an_explicit_name_skips_the_identity_call()
    {
        var (signIn, _, sts, _) = Create();

        await signIn.CreateLoginAsync(Request(UserKeys, ConsoleSessionSource.LongTermKeys) with { FederatedUserName = "ci bot" }, CancellationToken.None);

        Assert.Equal(["GetFederationToken"], sts.Calls);
        Assert.Equal(("ci-bot", ConsoleSignIn.AllowAllPolicy, 3600), Assert.Single(sts.Federations));
    }

    [Fact]
    public async Task A_federation_duration_over_36_hours_is_refused()
    {
        var (signIn, _, sts, _) = Create();

        await Assert.ThrowsAsync<ConfigException>(() => signIn.CreateLoginAsync(Request(UserKeys, ConsoleSessionSource.LongTermKeys) with { Duration = TimeSpan.FromHours(37) }, CancellationToken.None));

        Assert.Empty(sts.Calls);
    }

    [Fact]
    public async Task Session_token_credentials_are_refused_with_what_to_do()
    {
        var (signIn, federation, sts, _) = Create();

        var error = await Assert.ThrowsAsync<CredentialsException>(() => signIn.CreateLoginAsync(Request(Role, ConsoleSessionSource.SessionToken), CancellationToken.None));

        Assert.Contains("GetSessionToken", error.Message, StringComparison.Ordinal);
        Assert.Empty(federation.Requests);
        Assert.Empty(sts.Calls);
    }

    [Fact]
    public async Task A_refusal_by_the_federation_endpoint_is_a_credentials_error_without_secrets()
    {
        var (signIn, _, _, log) = Create((_, _) => ScriptedHttpHandler.Respond(400, "<html>Bad Request</html>"));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => signIn.CreateLoginAsync(Request(Role, ConsoleSessionSource.RoleSession) with { Duration = TimeSpan.FromHours(1) }, CancellationToken.None));

        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("role-chained", error.Message, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(error.Message + log.Text, Role.SecretAccessKey, Role.SessionToken);
    }

    [Fact]
    public async Task An_answer_without_a_signin_token_is_an_error()
    {
        var (signIn, _, _, _) = Create((_, _) => ScriptedHttpHandler.Respond(200, "{}"));

        await Assert.ThrowsAsync<CredentialsException>(() => signIn.CreateLoginAsync(Request(Role, ConsoleSessionSource.RoleSession), CancellationToken.None));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a", "sesame-a")]
    [InlineData("bob smith!", "bob-smith-")]
    [InlineData("first.last+ops@example.com", "first.last+ops@example.com")]
    [InlineData("a-very-long-user-name-that-goes-past-the-limit", "a-very-long-user-name-that-goes-")]
    public void Federated_user_names_fit_sts_rules(string name, string expected)
    {
        Assert.Equal(expected, ConsoleSignIn.FederatedUserName(name));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:user/alice", "alice")]
    [InlineData("arn:aws:iam::111122223333:user/team/ops/alice", "alice")]
    [InlineData("arn:aws:iam::111122223333:root", "root")]
    public void The_user_name_comes_from_the_callers_arn(string arn, string expected)
    {
        Assert.Equal(expected, ConsoleSignIn.UserName(arn));
    }

    private static ConsoleSignInRequest Request(AwsCredentials credentials, ConsoleSessionSource source) => new()
    {
        Credentials = credentials,
        Source = source,
        FederationEndpoint = Endpoint,
    };

    private static (ConsoleSignIn, ScriptedHttpHandler, FakeFederationSts, RecordingLog) Create(Func<CapturedRequest, int, HttpResponseMessage>? answer = null)
    {
        var federation = new ScriptedHttpHandler(answer ?? ((_, n) => ScriptedHttpHandler.Respond(200, $$"""{"SigninToken":"SIGNIN-TOKEN-{{n}}"}""")));
        var sts = new FakeFederationSts(Now);
        var log = new RecordingLog();
        return (new ConsoleSignIn(sts, new AwsHttpOptions(Handler: federation), new ManualTimeProvider(Now), log), federation, sts, log);
    }
}

/// <summary>An STS that answers GetCallerIdentity for user alice and GetFederationToken with a fixed federation key.</summary>
internal sealed class FakeFederationSts(DateTimeOffset now) : IStsClient, IStsClientFactory
{
    public const string FederatedKey = "ASIAFEDERATED0000001";

    public List<string> Calls { get; } = [];

    public List<(string Name, string? Policy, int? Duration)> Federations { get; } = [];

    public IStsClient Create(AwsEndpoint endpoint) => this;

    public Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken)
    {
        Calls.Add("GetCallerIdentity");
        return Task.FromResult(new CallerIdentity("111122223333", "arn:aws:iam::111122223333:user/alice", "AIDAALICE"));
    }

    public Task<StsResult> GetFederationTokenAsync(AwsCredentials caller, string name, string? policy, int? durationSeconds, CancellationToken cancellationToken)
    {
        Calls.Add("GetFederationToken");
        Federations.Add((name, policy, durationSeconds));
        return Task.FromResult(new StsResult(
            new AwsCredentials(FederatedKey, "federated-secret-wJalrXUtnFEMI", "federated-token-IQoJb3JpZ2lu", now.AddSeconds(durationSeconds ?? 43200), "111122223333"),
            $"arn:aws:sts::111122223333:federated-user/{name}"));
    }
}
