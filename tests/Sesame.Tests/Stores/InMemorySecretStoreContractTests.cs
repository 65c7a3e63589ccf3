using Sesame.Core.Stores;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

/// <summary>The test double keeps the same contract as the real backends.</summary>
public sealed class InMemorySecretStoreContractTests : SecretStoreContract
{
    protected override ISecretStore CreateStore() => new InMemorySecretStore();
}
