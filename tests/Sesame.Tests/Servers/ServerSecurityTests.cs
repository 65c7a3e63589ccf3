using Sesame.Core.Servers;
using Sesame.Testing;

namespace Sesame.Tests.Servers;

public sealed class ServerSecurityTests
{
    [Fact]
    public void Tokens_are_256_random_bits_in_base64url()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => ServerSecurity.NewToken()).ToList();

        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
        Assert.Equal(100, tokens.Distinct().Count());
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abd", "abc", false)]
    [InlineData("ab", "abc", false)]
    [InlineData("abcd", "abc", false)]
    [InlineData("", "abc", false)]
    [InlineData(null, "abc", false)]
    [InlineData("ABC", "abc", false)]
    public void Token_comparison_is_exact(string? presented, string expected, bool equal)
    {
        Assert.Equal(equal, ServerSecurity.TokenEquals(presented, expected));
    }

    [Fact]
    public void The_container_server_checks_its_token_only_through_the_constant_time_comparison()
    {
        // Timing is not measurable in a unit test; what can be checked is that no other comparison exists.
        var source = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "src", "Sesame.Core", "Servers", "EcsCredentialServer.cs"));
        var uses = source.Split("AuthorizationToken").Length - 1;

        Assert.Contains("ServerSecurity.TokenEquals(authorization, AuthorizationToken)", source, StringComparison.Ordinal);
        Assert.DoesNotContain("== AuthorizationToken", source, StringComparison.Ordinal);
        Assert.DoesNotContain("AuthorizationToken ==", source, StringComparison.Ordinal);
        Assert.DoesNotContain("string.Equals(authorization", source, StringComparison.Ordinal);
        Assert.DoesNotContain("authorization.Equals", source, StringComparison.Ordinal);
        Assert.True(uses <= 4, $"AuthorizationToken is used {uses} times; check each new use is not a comparison");
        Assert.Contains("CryptographicOperations.FixedTimeEquals", File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "src", "Sesame.Core", "Servers", "ServerSecurity.cs")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("LocalHost", "localhost", null)]
    [InlineData("[::1]:99", "::1", 99)]
    [InlineData("[0:0:0:0:0:0:0:1]", "::1", null)]
    [InlineData("169.254.169.254", "169.254.169.254", null)]
    public void Host_fields_are_split_into_name_and_port(string value, string host, int? port)
    {
        Assert.True(ServerSecurity.TryParseHost(value, out var parsedHost, out var parsedPort));
        Assert.Equal(host, parsedHost);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:b:c")]
    [InlineData("::1")]
    [InlineData("user@127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1/x")]
    [InlineData("[::1")]
    [InlineData("[127.0.0.1]")]
    public void Malformed_host_fields_are_refused(string value)
    {
        Assert.False(ServerSecurity.TryParseHost(value, out _, out _));
    }
}
