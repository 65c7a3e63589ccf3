using System.Text.Json;
using System.Web;
using Sesame.Core.Caching;
using Sesame.Tests.Engine;
using Sesame.Testing;

namespace Sesame.Tests.Cli.Servers;

/// <summary><c>login</c>: which credentials sign in, what the federation endpoint gets, and the options.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the browser command is a shell script
public sealed class LoginCommandTests : IDisposable
{
    private const string Config = """
        [profile dev]
        role_arn = arn:aws:iam::111111111111:role/Dev
        source_profile = user
        region = eu-west-1

        [profile ops]
        role_arn = arn:aws:iam::222222222222:role/Ops
        source_profile = dev

        [profile user]
        region = eu-west-1
        mfa_serial = arn:aws:iam::111111111111:mfa/alice
        """;

    private readonly SesameTester _cli = new();
    private readonly FakeSts _sts;
    private readonly ScriptedHttpHandler _federation;

    public LoginCommandTests()
    {
        _sts = new FakeSts(_cli.Time);
        _cli.Sts = () => _sts;
        _cli.CredentialCache = new MemoryCredentialCache();
        _federation = new ScriptedHttpHandler((_, n) => ScriptedHttpHandler.Respond(200, $$"""{"SigninToken":"SIGNIN-TOKEN-{{n}}"}"""));
        _cli.Http = _federation;
        _cli.WithConfig(Config).WithCredentials(ExecCommandTests.Credentials);
        _cli.Environment["AWS_ENDPOINT_URL_SIGNIN"] = "http://127.0.0.1:9/";
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_role_profile_prints_a_login_url_whose_signin_token_came_from_the_role_session_with_the_duration()
    {
        var run = _cli.Run("login", "dev", "--print", "--service", "ec2", "--duration", "2h");

        Assert.Equal(0, run.Exit);
        var request = Assert.Single(_federation.Requests);
        Assert.Equal("http://127.0.0.1:9/federation", request.Uri.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(request.Uri.Query);
        Assert.Equal("7200", query["SessionDuration"]);
        Assert.Equal("ASIAFAKE00000001", JsonDocument.Parse(query["Session"]!).RootElement.GetProperty("sessionId").GetString());
        var url = new Uri(run.Out.Trim());
        var login = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("login", login["Action"]);
        Assert.Equal("SIGNIN-TOKEN-1", login["SigninToken"]);
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1", login["Destination"]);
        Assert.Equal(["AssumeRole"], _sts.Calls);
    }

    [Fact]
    public void An_iam_user_profile_is_federated_first_with_its_own_keys_and_no_long_term_key_reaches_the_federation_endpoint()
    {
        var run = _cli.Run("login", "user", "--print");

        Assert.Equal(0, run.Exit);
        Assert.Equal(["GetCallerIdentity", "GetFederationToken"], _sts.Calls);
        Assert.Equal(["AKIAEXECTESTUSER0001", "AKIAEXECTESTUSER0001"], _sts.Callers);
        Assert.Empty(_sts.SessionTokens);
        var session = JsonDocument.Parse(HttpUtility.ParseQueryString(Assert.Single(_federation.Requests).Uri.Query)["Session"]!).RootElement;
        Assert.StartsWith("ASIAFAKE", session.GetProperty("sessionId").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIA", Assert.Single(_federation.Requests).Uri.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("exec-test-long-term-secret", Uri.UnescapeDataString(Assert.Single(_federation.Requests).Uri.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_chained_profile_leaves_the_duration_out_and_says_so()
    {
        var run = _cli.Run("login", "ops", "--print", "--duration", "2h");

        Assert.Equal(0, run.Exit);
        Assert.Null(HttpUtility.ParseQueryString(Assert.Single(_federation.Requests).Uri.Query)["SessionDuration"]);
        Assert.Contains("sesame: warning: the duration is ignored", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_browser_the_url_is_printed_with_a_line_saying_why()
    {
        var run = _cli.Run("login", "dev");

        Assert.Equal(0, run.Exit);
        Assert.Contains("could not open a browser", run.Err, StringComparison.Ordinal);
        Assert.Contains("SigninToken=SIGNIN-TOKEN-1", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_browser_command_gets_the_url()
    {
        var opened = _cli.Temp.Combine("opened");
        var browser = _cli.Temp.Combine("browser.sh");
        File.WriteAllText(browser, $"#!/bin/sh\nprintf '%s' \"$1\" > '{opened}'\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = _cli.Run("login", "dev", "--browser", browser);

        Assert.Equal(0, run.Exit);
        Assert.Equal(string.Empty, run.Out);
        Assert.True(SpinWait.SpinUntil(() => File.Exists(opened) && new FileInfo(opened).Length > 0, TimeSpan.FromSeconds(10)), "the browser command was not run");
        Assert.Contains("SigninToken=SIGNIN-TOKEN-1", File.ReadAllText(opened), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--service and --destination", "give either a service or a destination URL, not both", "login", "dev", "--print", "--service", "ec2", "--destination", "https://console.aws.amazon.com/s3")]
    [InlineData("--print and --browser", "--print and --browser do not go together", "login", "dev", "--print", "--browser", "firefox")]
    [InlineData("a bad duration", "--duration 'soon' is not a duration", "login", "dev", "--duration", "soon")]
    [InlineData("a duration AWS refuses", "the console session duration must be 15 minutes to 12 hours", "login", "dev", "--print", "--duration", "13h")]
    [InlineData("an unknown profile", "profile 'nope'", "login", "nope")]
    public void Bad_options_are_one_line_errors(string what, string message, params string[] args)
    {
        var run = _cli.Run(args);

        Assert.True(run.Exit == 2, what + ": " + run.Err);
        SesameTester.AssertOneLineError(run.Err, message);
        Assert.Empty(_federation.Requests);
    }
}
