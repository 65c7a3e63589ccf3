using System.Globalization;
using Sesame.Sandbox.Tests.Infrastructure;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary><see cref="SandboxOptions.SessionLifetime"/>: short sessions, as botocore sees them.</summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo(), new SandboxOptions { SessionLifetime = Lifetime });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Role_and_session_credentials_expire_after_the_lifetime_whatever_was_asked_and_are_then_refused()
    {
        using var home = _sandbox.CreateHome();
        var before = DateTimeOffset.UtcNow;

        var result = await Python.RunAsync(home, "short_sessions", "alice", "arn:aws:iam::111111111111:role/Developer", "12");

        foreach (var name in new[] { "roleExpiration", "sessionExpiration" })
        {
            var expiration = DateTimeOffset.Parse(result.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(expiration, before, before + TimeSpan.FromSeconds(30));
        }

        var fresh = result.GetProperty("fresh");
        var later = result.GetProperty("later");
        Assert.Contains("assumed-role/Developer/short", fresh[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(":user/alice", fresh[1].GetString(), StringComparison.Ordinal);
        Assert.Equal("error:ExpiredToken", later[0].GetString());
        Assert.Equal("error:ExpiredToken", later[1].GetString());
    }
}
