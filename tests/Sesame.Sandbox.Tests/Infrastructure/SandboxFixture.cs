namespace Sesame.Sandbox.Tests.Infrastructure;

/// <summary>One demo-organisation sandbox shared by the tests of a class (they run one after another).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private Sandbox? _sandbox;

    /// <summary>The sandbox.</summary>
    public Sandbox Sandbox => _sandbox ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo());

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
