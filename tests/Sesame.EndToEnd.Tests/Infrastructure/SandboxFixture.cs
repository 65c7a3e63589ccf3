using Sesame.Sandbox.Clients;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>One sandbox per test class; each test gets a fresh home and a cleared call record.</summary>
public sealed class ChainSandboxFixture : IAsyncLifetime
{
    public global::Sesame.Sandbox.Sandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await global::Sesame.Sandbox.Sandbox.StartAsync(ChainOrganisation.Create());

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    /// <summary>A fresh home with the chain profiles and its own secret store; the call record starts empty.</summary>
    public ClientHome NewHome(string extraConfig = "")
    {
        var home = Sandbox.CreateHome(profiles: false).WithStore();
        ChainOrganisation.WriteProfiles(home, Sandbox, extraConfig);
        Sandbox.Sts.Calls.Clear();
        return home;
    }
}
