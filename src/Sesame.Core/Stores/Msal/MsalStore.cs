using Microsoft.Identity.Client.Extensions.Msal;
using Sesame.Core.Platform;

namespace Sesame.Core.Stores.Msal;

/// <summary>
/// The macOS Keychain and Windows DPAPI through Microsoft.Identity.Client.Extensions.Msal's
/// cross-platform storage, so Sesame has no Keychain or Win32 interop of its own. One storage per
/// item (Keychain: service <c>sesame</c>, account = the key; Windows: a DPAPI-protected file per
/// item). MSAL's storage cannot list, so metadata lives in plain <c>.meta</c> files beside it.
/// This code cannot run on the Linux CI machine: keep it this small (docs/secrets.md).
/// </summary>
public sealed class MsalStore : ISecretStore
{
    private const string Service = "sesame";
    private readonly string _directory;
    private readonly MetadataSidecar _metadata;

    /// <summary>Creates the store over a folder (metadata, and on Windows the protected files).</summary>
    public MsalStore(string backend, string directory, IFileSystem fileSystem)
    {
        Backend = backend;
        _directory = directory;
        _metadata = new MetadataSidecar(fileSystem, directory);
    }

    /// <inheritdoc />
    public string Backend { get; }

    /// <summary>Why the backend cannot be used on this OS, or <c>null</c>.</summary>
    public static string? UnavailableReason(string backend)
        => backend == BackendNames.Keychain && !OperatingSystem.IsMacOS() ? "the macOS Keychain exists only on macOS"
        : backend == BackendNames.Dpapi && !OperatingSystem.IsWindows() ? "DPAPI exists only on Windows"
        : null;

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ItemNames.ValidateKey(key);
        if (!_metadata.Exists(key))
        {
            return null;
        }

        var data = Call(() => Open(key).ReadData(), "read");
        return data is { Length: > 0 } ? Unframe(data) : null;
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySpan<byte> secret, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ItemNames.ValidateKey(key);
        ItemNames.ValidateMetadata(metadata);
        // A leading marker byte keeps an empty secret distinguishable from "no item".
        var framed = new byte[secret.Length + 1];
        framed[0] = 1;
        secret.CopyTo(framed.AsSpan(1));
        Call(() => { Open(key).WriteData(framed); return 0; }, "write");
        _metadata.Write(key, metadata);
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        ItemNames.ValidateKey(key);
        if (!_metadata.Exists(key))
        {
            return false;
        }

        Call(() => { Open(key).Clear(ignoreExceptions: false); return 0; }, "remove");
        _metadata.Delete(key);
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<SecretItemInfo> List(string? keyPrefix = null) => _metadata.List(keyPrefix);

    private Storage Open(string key)
    {
        var name = ItemNames.FileName(key) + ".bin";
        var builder = new StorageCreationPropertiesBuilder(name, _directory).WithMacKeyChain(Service, key);
        return Storage.Create(builder.Build());
    }

    private static byte[] Unframe(byte[] data) => data[0] == 1 ? data[1..] : data;

    private T Call<T>(Func<T> action, string verb)
    {
        if (UnavailableReason(Backend) is { } reason)
        {
            throw new SecretStoreException(SecretStoreFailure.Unavailable, $"the {Backend} backend is unavailable: {reason}; choose another with SESAME_BACKEND");
        }

        try
        {
            return action();
        }
        catch (MsalCachePersistenceException e)
        {
            throw new SecretStoreException(SecretStoreFailure.Failed, $"the {Backend} backend could not {verb} the secret: {e.Message.Split('\n')[0]}", e);
        }
    }
}
