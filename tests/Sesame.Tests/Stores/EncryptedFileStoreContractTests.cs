using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

/// <summary>The encrypted file backend against the shared contract, on the real file system.</summary>
public sealed class EncryptedFileStoreContractTests : SecretStoreContract, IDisposable
{
    private readonly TempDirectory _temp = new();

    protected override ISecretStore CreateStore()
        => new EncryptedFileStore(_temp.Combine("store-" + Guid.NewGuid().ToString("N")[..6]), PhysicalFileSystem.Instance, new FixedPassphrase("correct horse battery"), new TestUnlockCache(), TimeSpan.FromHours(1), kdfIterations: 1000);

    public void Dispose() => _temp.Dispose();
}

/// <summary>A passphrase source that always answers the same and counts the questions.</summary>
public sealed class FixedPassphrase(string passphrase) : IPassphraseSource
{
    public int Asked { get; private set; }

    public string Passphrase { get; set; } = passphrase;

    public string GetPassphrase(string location, bool isNew)
    {
        Asked++;
        return Passphrase;
    }
}
