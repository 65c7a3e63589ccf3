using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Pass;

namespace Sesame.Tests.Stores;

/// <summary>The pass backend against the shared contract, for real: pass + gpg with a throwaway key.</summary>
public sealed class PassStoreContractTests(PassFixture fixture) : SecretStoreContract, IClassFixture<PassFixture>
{
    protected override ISecretStore CreateStore() => new PassStore(fixture.Environment_(), PhysicalFileSystem.Instance, ProcessRunner.Instance);

    [Fact]
    public void Entries_are_gpg_files_under_the_sesame_folder_and_hold_no_plaintext()
    {
        var store = CreateStore();
        store.Set("probe/plain", "very-secret-value"u8);
        var file = Path.Combine(fixture.StoreDirectory, "sesame", "probe%2Fplain.gpg");
        Assert.True(File.Exists(file));
        Assert.DoesNotContain("very-secret-value", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-value", File.ReadAllText(Path.Combine(fixture.StoreDirectory, "sesame", "probe%2Fplain.meta")), StringComparison.Ordinal);
    }

    [Fact]
    public void Unavailable_when_the_password_store_is_not_initialised()
    {
        var environment = fixture.Environment_();
        environment["PASSWORD_STORE_DIR"] = Path.Combine(fixture.Home, "no-store");
        var store = new PassStore(environment, PhysicalFileSystem.Instance, ProcessRunner.Instance);
        Assert.Contains("pass init", store.UnavailableReason, StringComparison.Ordinal);
        var error = Assert.Throws<SecretStoreException>(() => store.Set("x", "y"u8));
        Assert.Equal(SecretStoreFailure.Unavailable, error.Failure);
        Assert.Equal(Core.Errors.ExitCodes.SecretStoreError, error.ExitCode);
    }
}
