using Sesame.Sandbox.Clients;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>One sandbox per test class; each test gets a fresh home and a cleared call record.</summary>
public sealed class ChainSandboxFixture : IAsyncLifetime
{
    public global::Sesame.Sandbox.Sandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await global::Sesame.Sandbox.Sandbox.StartAsync(ChainOrganisation.Create());

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    private int _nextUser;

    /// <summary>
    /// A fresh home with the chain profiles (for the next of the MFA users, so tests using codes do not
    /// share a device until the pool wraps) and its own secret
    /// store; the call record starts empty.
    /// </summary>
    public ChainHome NewHome(string extraConfig = "")
    {
        var user = $"user{(Interlocked.Increment(ref _nextUser) - 1) % ChainOrganisation.MfaUsers}";
        var home = Sandbox.CreateHome(profiles: false).WithStore();
        var serial = ChainOrganisation.WriteProfiles(home, Sandbox, user, extraConfig);
        Sandbox.Sts.Calls.Clear();
        return new ChainHome(home, serial);
    }
}

/// <summary>A test's home and the MFA device its <c>alice</c> profile uses.</summary>
public sealed record ChainHome(ClientHome Home, string MfaSerial) : IDisposable
{
    public void Dispose() => Home.Dispose();
}
