using System.Net;
using System.Text.Json;
using Sesame.Core.Caching;
using Sesame.Tests.Engine;
using Sesame.Testing;

namespace Sesame.Tests.Cli.Servers;

/// <summary><c>exec</c>: which profile and command (issue 14, "exec without surprises"), and <c>exec --server</c>.</summary>
public sealed class ExecCommandTests : IDisposable
{
    internal const string Config = """
        [profile dev]
        role_arn = arn:aws:iam::111111111111:role/Dev
        source_profile = user
        region = eu-west-1

        [profile user]
        region = eu-west-1
        """;

    internal const string Credentials = """
        [user]
        aws_access_key_id = AKIAEXECTESTUSER0001
        aws_secret_access_key = exec-test-long-term-secret
        """;

    private readonly SesameTester _cli = new();
    private readonly FakeSts _sts;

    public ExecCommandTests()
    {
        _sts = new FakeSts(_cli.Time);
        _cli.Sts = () => _sts;
        _cli.CredentialCache = new MemoryCredentialCache();
        _cli.WithConfig(Config).WithCredentials(Credentials);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void With_dashes_and_no_profile_before_them_the_profile_is_aws_profile_and_every_word_after_is_the_command()
    {
        _cli.Environment["AWS_PROFILE"] = "dev";

        var run = _cli.Run("exec", "--", "aws", "s3", "ls");

        Assert.Equal(0, run.Exit);
        var (command, arguments, environment) = Assert.Single(_cli.Executor.Runs);
        Assert.Equal("aws", command);
        Assert.Equal(["s3", "ls"], arguments);
        Assert.Equal("dev", environment["SESAME_PROFILE"]);
        Assert.False(environment.ContainsKey("AWS_PROFILE"));
        Assert.StartsWith("ASIAFAKE", environment["AWS_ACCESS_KEY_ID"], StringComparison.Ordinal);
    }

    [Fact]
    public void With_dashes_no_profile_and_no_aws_profile_it_says_so_instead_of_taking_the_command_for_a_profile()
    {
        var run = _cli.Run("exec", "--", "aws", "s3", "ls");

        Assert.Equal(2, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "no profile before '--' and AWS_PROFILE is not set; name one: sesame exec PROFILE -- aws");
        Assert.Empty(_cli.Executor.Runs);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public void A_profile_before_the_dashes_wins_over_aws_profile_and_a_command_without_dashes_still_runs()
    {
        _cli.Environment["AWS_PROFILE"] = "user";

        Assert.Equal(0, _cli.Run("exec", "dev", "--", "env").Exit);
        Assert.Equal(0, _cli.Run("exec", "dev", "printenv", "HOME").Exit);

        Assert.Equal(["dev", "dev"], _cli.Executor.Runs.Select(r => r.Environment["SESAME_PROFILE"]));
        Assert.Equal("printenv", _cli.Executor.Runs[1].Command);
        Assert.Equal(["HOME"], _cli.Executor.Runs[1].Arguments);
    }

    [Fact]
    public void Without_a_command_the_users_shell_starts_with_the_credentials_and_the_profile_marked()
    {
        _cli.Environment["SHELL"] = "/usr/local/bin/fancy-shell";

        var run = _cli.Run("exec", "dev");

        Assert.Equal(0, run.Exit);
        var (command, arguments, environment) = Assert.Single(_cli.Executor.Runs);
        Assert.Equal("/usr/local/bin/fancy-shell", command);
        Assert.Empty(arguments);
        Assert.Equal("dev", environment["SESAME_PROFILE"]);
        Assert.StartsWith("ASIAFAKE", environment["AWS_ACCESS_KEY_ID"], StringComparison.Ordinal);
        Assert.Contains("starting /usr/local/bin/fancy-shell with the credentials of 'dev'", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_command_or_shell_variable_it_starts_bin_sh_for_aws_profile()
    {
        _cli.Environment["AWS_PROFILE"] = "dev";

        Assert.Equal(0, _cli.Run("exec").Exit);

        Assert.Equal("/bin/sh", Assert.Single(_cli.Executor.Runs).Command);
    }

    [Fact]
    public void Without_any_profile_it_says_how_to_name_one()
    {
        var run = _cli.Run("exec");

        Assert.Equal(2, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "no profile given and AWS_PROFILE is not set");
    }

    [Fact]
    public void A_port_without_server_is_refused()
    {
        var run = _cli.Run("exec", "dev", "--port", "9000", "--", "true");

        Assert.Equal(2, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "--port is for --server");
    }

    [Fact]
    public async Task Server_mode_gives_the_child_a_container_endpoint_and_token_instead_of_keys_and_serves_it_until_the_child_ends()
    {
        Uri? endpoint = null;
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIASHOULDBEREMOVED1";
        _cli.Environment["AWS_PROFILE"] = "something-else";
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = "never-the-childs";
        _cli.Executor.Child = async environment =>
        {
            endpoint = new Uri(environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
            using var http = new HttpClient();
            using var refused = await http.GetAsync(endpoint);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
            request.Headers.TryAddWithoutValidation("Authorization", environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
            using var answer = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            Assert.StartsWith("ASIAFAKE", document.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
            return 42;
        };

        var run = _cli.Run("exec", "dev", "--server", "--", "long-running", "--flag");

        Assert.Equal(42, run.Exit);
        var (command, arguments, environment) = Assert.Single(_cli.Executor.Children);
        Assert.Empty(_cli.Executor.Runs);
        Assert.Equal("long-running", command);
        Assert.Equal(["--flag"], arguments);
        Assert.Equal("127.0.0.1", endpoint!.Host);
        Assert.Equal(43, environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"].Length);
        Assert.Equal("eu-west-1", environment["AWS_REGION"]);
        Assert.Equal("dev", environment["SESAME_PROFILE"]);
        foreach (var absent in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "SESAME_FILE_PASSPHRASE" })
        {
            Assert.False(environment.ContainsKey(absent), absent);
        }

        Assert.Equal(1, _sts.Count("AssumeRole"));

        // The server ended with the child.
        using var after = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync(endpoint));
        _cli.AssertNothingLeaked(environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], "exec-test-long-term-secret");
    }

    [Fact]
    public void Server_mode_warns_when_the_default_profile_would_win_over_the_server()
    {
        _cli.WithCredentials(Credentials + "\n[default]\naws_access_key_id = AKIADEFAULTKEY000001\naws_secret_access_key = default-secret\n");

        var run = _cli.Run("exec", "dev", "--server", "--", "true");

        Assert.Equal(0, run.Exit);
        Assert.Contains("sesame: warning: the [default] profile has aws_access_key_id", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_mode_hands_long_term_keys_on_only_as_a_session()
    {
        string? key = null;
        _cli.Executor.Child = async environment =>
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
            key = JsonDocument.Parse(await http.GetStringAsync(environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"])).RootElement.GetProperty("AccessKeyId").GetString();
            return 0;
        };

        Assert.Equal(0, _cli.Run("exec", "user", "--server", "--", "true").Exit);

        Assert.StartsWith("ASIAFAKE", key, StringComparison.Ordinal);
        Assert.Equal(["GetSessionToken"], _sts.Calls);
    }

    [Fact]
    public void Server_mode_fails_before_starting_the_child_when_the_credentials_need_a_code_nobody_can_give()
    {
        _cli.WithConfig(Config.Replace("source_profile = user", "source_profile = user\nmfa_serial = arn:aws:iam::111111111111:mfa/alice", StringComparison.Ordinal));

        var run = _cli.Run("exec", "dev", "--server", "--", "true");

        Assert.Equal(4, run.Exit);
        Assert.Empty(_cli.Executor.Children);
        Assert.Contains("sesame: error: ", run.Err, StringComparison.Ordinal);
    }
}
