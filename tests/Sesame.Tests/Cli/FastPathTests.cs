using Sesame.Cli;
using Sesame.Testing;

namespace Sesame.Tests.Cli;

/// <summary>
/// The hot commands skip the command-line parser only in their exact common shapes; everything
/// else goes to the parser, and both give the same answer.
/// </summary>
public sealed class FastPathTests
{
    private const string Credentials = "[p]\naws_access_key_id = AKIDFASTPATH0000EXAMPLE\naws_secret_access_key = fast-path-secret\n";

    [Theory]
    [InlineData("credential-process", "p")]
    [InlineData("credential-process", "p", "--mfa-token", "123456")]
    [InlineData("credential-process", "--mfa-token", "123456", "p")]
    [InlineData("status", "p")]
    [InlineData("status", "p", "--json")]
    [InlineData("status", "--json", "p")]
    public void The_common_shapes_run_without_the_parser_and_answer_as_the_parser_does(params string[] args)
    {
        using var cli = new SesameTester().WithConfig("[profile p]\nregion = eu-west-1\n").WithCredentials(Credentials);
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.True(FastPath.TryRun(args, cli.Context(output, error), out var exitCode));

        // --debug is not a fast shape, so this goes through System.CommandLine.
        var parsed = cli.Run([.. args, "--debug"]);
        Assert.Equal((parsed.Exit, parsed.Out, parsed.Err), (exitCode, cli.Normalize(output.ToString()), cli.Normalize(error.ToString())));
        Assert.Equal(0, exitCode);
    }

    [Theory]
    [InlineData("credential-process")]
    [InlineData("credential-process", "--help")]
    [InlineData("credential-process", "p", "--debug")]
    [InlineData("credential-process", "p", "--mfa-token")]
    [InlineData("credential-process", "p", "--mfa-token=123456")]
    [InlineData("credential-process", "p", "--mfa-token", "--debug")]
    [InlineData("credential-process", "-x", "--mfa-token", "123456")]
    [InlineData("credential-process", "p", "q", "r")]
    [InlineData("status", "p", "q")]
    [InlineData("status", "--json", "--json")]
    [InlineData("status", "help")]
    [InlineData("export", "p")]
    public void Any_other_shape_is_left_to_the_parser(params string[] args)
    {
        using var cli = new SesameTester().WithCredentials(Credentials);
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.False(FastPath.TryRun(args, cli.Context(output, error), out _));
        Assert.Equal(string.Empty, output.ToString() + error);
    }
}
