using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Core.Stores.SecretService;

namespace Sesame.Tests.Stores;

/// <summary>The Secret Service backend against the shared contract, for real: gnome-keyring on a private bus.</summary>
public sealed class SecretServiceStoreContractTests(SecretServiceFixture fixture) : SecretStoreContract, IClassFixture<SecretServiceFixture>
{
    protected override ISecretStore CreateStore() => new SecretServiceStore(fixture.Environment_(), ProcessRunner.Instance);

    [Fact]
    public void The_probe_finds_the_service_on_the_private_bus()
        => Assert.Null(new SecretServiceStore(fixture.Environment_(), ProcessRunner.Instance).ProbeUnavailableReason());
}

/// <summary>A locked keyring and a missing bus are one clear error each, never a hang or a prompt.</summary>
public sealed class SecretServiceFailureTests(SecretServiceFixture fixture) : IClassFixture<SecretServiceFixture>
{
    [Fact]
    public void A_locked_keyring_lists_metadata_but_refuses_reads_and_writes_with_a_locked_error()
    {
        var store = new SecretServiceStore(fixture.Environment_(), ProcessRunner.Instance);
        store.Set("keys/locked", "secret"u8, new Dictionary<string, string> { ["key_id"] = "****LOCK" });
        fixture.LockCollection();

        var listed = Assert.Single(store.List("keys/"));
        Assert.Equal("****LOCK", listed.Metadata["key_id"]);
        var read = Assert.Throws<SecretStoreException>(() => store.Get("keys/locked"));
        Assert.Equal(SecretStoreFailure.Locked, read.Failure);
        Assert.Equal(Core.Errors.ExitCodes.SecretStoreError, read.ExitCode);
        Assert.DoesNotContain('\n', read.Message);
        var write = Assert.Throws<SecretStoreException>(() => store.Set("keys/other", "x"u8));
        Assert.Equal(SecretStoreFailure.Locked, write.Failure);
    }

    [Fact]
    public void Without_a_session_bus_the_backend_is_unavailable_with_a_reason()
    {
        var environment = fixture.Environment_();
        environment["DBUS_SESSION_BUS_ADDRESS"] = null;
        environment["XDG_RUNTIME_DIR"] = null;
        var store = new SecretServiceStore(environment, ProcessRunner.Instance);
        Assert.Contains("D-Bus", store.ProbeUnavailableReason(), StringComparison.Ordinal);

        environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + Path.Combine(fixture.Home, "no-such-bus");
        var error = Assert.Throws<SecretStoreException>(() => store.Get("keys/any"));
        Assert.Equal(SecretStoreFailure.Unavailable, error.Failure);
        Assert.Contains("SESAME_BACKEND", error.Message, StringComparison.Ordinal);
    }
}
