using Sesame.Testing;

namespace Sesame.Tests.Cli.Servers;

/// <summary><c>serve</c>'s parsing and the errors it gives before it starts listening (serving itself: the end-to-end tests).</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly SesameTester _cli = new();

    public ServeCommandTests() => _cli.WithConfig(ExecCommandTests.Config).WithCredentials(ExecCommandTests.Credentials);

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("choose one kind of server: --ecs (container credentials) or --imds (instance metadata)", "serve", "dev")]
    [InlineData("choose one kind of server", "serve", "dev", "--ecs", "--imds")]
    [InlineData("--allow-imdsv1 and --address are for --imds", "serve", "dev", "--ecs", "--allow-imdsv1")]
    [InlineData("--port must be 1 to 65535, not 70000", "serve", "dev", "--ecs", "--port", "70000")]
    [InlineData("--address 'nowhere' is not an IP address", "serve", "dev", "--imds", "--address", "nowhere")]
    [InlineData("the instance metadata server listens only on a loopback address or 169.254.169.254, not 10.0.0.1", "serve", "dev", "--imds", "--address", "10.0.0.1")]
    [InlineData("profile 'nope' not found", "serve", "nope", "--ecs")]
    public void Mistakes_are_one_line_errors_before_anything_listens(string message, params string[] args)
    {
        var run = _cli.Run(args);

        Assert.Equal(2, run.Exit);
        SesameTester.AssertOneLineError(run.Err, message);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void A_profile_that_needs_an_mfa_code_nobody_can_give_fails_at_start_not_at_the_first_sdk_request()
    {
        _cli.WithConfig(ExecCommandTests.Config.Replace("source_profile = user", "source_profile = user\nmfa_serial = arn:aws:iam::111111111111:mfa/alice", StringComparison.Ordinal));

        var run = _cli.Run("serve", "dev", "--imds");

        Assert.Equal(4, run.Exit);
        Assert.Equal(string.Empty, run.Out);
    }
}
