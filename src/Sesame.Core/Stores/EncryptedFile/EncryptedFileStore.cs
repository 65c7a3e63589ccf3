using System.Security.Cryptography;
using Sesame.Core.Platform;
using Sesame.Core.Stores.Unlock;

namespace Sesame.Core.Stores.EncryptedFile;

/// <summary>
/// Sesame's own store: a folder with <c>vault</c> (the passphrase-wrapped data key) and one
/// <c>&lt;key&gt;.item</c> file per secret. One file per item keeps writes small and lets many
/// processes cache sessions at once without a lock: each write is a temporary file plus a
/// rename, so a crash or a failed write leaves the previous item intact. Files are 0600, the
/// folder 0700. See docs/secrets.md for the format.
/// </summary>
public sealed class EncryptedFileStore : ISecretStore
{
    /// <summary>The backend name.</summary>
    public const string BackendName = "file";

    private const string HeaderName = "vault";
    private const string ItemExtension = ".item";

    private readonly IFileSystem _fileSystem;
    private readonly IPassphraseSource _passphrase;
    private readonly IUnlockCache _cache;
    private readonly TimeSpan _unlockFor;
    private readonly int _iterations;
    private byte[]? _dataKey;
    private string? _dataKeyVault;

    /// <summary>Creates the store over a folder (nothing is read or written until first use).</summary>
    /// <param name="directory">The store folder.</param>
    /// <param name="fileSystem">File access.</param>
    /// <param name="passphrase">Asked when the unlock cache has no key.</param>
    /// <param name="cache">Keeps the unlocked data key for <paramref name="unlockFor"/>.</param>
    /// <param name="unlockFor">How long an unlock lasts; zero asks every time.</param>
    public EncryptedFileStore(string directory, IFileSystem fileSystem, IPassphraseSource passphrase, IUnlockCache cache, TimeSpan unlockFor)
        : this(directory, fileSystem, passphrase, cache, unlockFor, VaultHeader.DefaultIterations)
    {
    }

    /// <summary>Test constructor: a lower iteration count keeps unit tests fast.</summary>
    internal EncryptedFileStore(string directory, IFileSystem fileSystem, IPassphraseSource passphrase, IUnlockCache cache, TimeSpan unlockFor, int kdfIterations)
    {
        Directory = directory;
        _fileSystem = fileSystem;
        _passphrase = passphrase;
        _cache = cache;
        _unlockFor = unlockFor;
        _iterations = kdfIterations;
    }

    /// <inheritdoc />
    public string Backend => BackendName;

    /// <summary>The store folder.</summary>
    public string Directory { get; }

    /// <summary>The header file's path.</summary>
    public string HeaderPath => Path.Combine(Directory, HeaderName);

    /// <summary>The store's random id (names its unlock-cache entry), or <c>null</c> before it exists.</summary>
    public string? VaultId => ReadHeader()?.Id;

    /// <summary>True once the store has been created (its header exists).</summary>
    public bool Exists => _fileSystem.FileExists(HeaderPath);

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ItemNames.ValidateKey(key);
        var path = ItemPath(key);
        var item = ReadItem(path);
        if (item is null)
        {
            return null;
        }

        if (!string.Equals(item.Key, key, StringComparison.Ordinal))
        {
            throw VaultHeader.Corrupted(path, "it holds another key than its name says");
        }

        var header = ReadHeader() ?? throw VaultHeader.Corrupted(HeaderPath, "it is missing but items exist");
        var secret = item.Open(header.Id, DataKey(header));
        return secret ?? throw VaultHeader.Corrupted(path, "its content was changed or it belongs to another store");
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySpan<byte> secret, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ItemNames.ValidateKey(key);
        ItemNames.ValidateMetadata(metadata);
        var header = ReadHeader() ?? CreateHeader();
        var copy = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var item = ItemFile.Seal(header.Id, DataKey(header), key, secret, copy);
        _fileSystem.WriteAllBytesAtomic(ItemPath(key), item.ToBytes());
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        ItemNames.ValidateKey(key);
        var path = ItemPath(key);
        if (!_fileSystem.FileExists(path))
        {
            return false;
        }

        _fileSystem.DeleteFile(path);
        return true;
    }

    /// <inheritdoc />
    public bool Contains(string key)
    {
        ItemNames.ValidateKey(key);
        return _fileSystem.FileExists(ItemPath(key));
    }

    /// <inheritdoc />
    public IReadOnlyList<SecretItemInfo> List(string? keyPrefix = null)
    {
        var pattern = ItemNames.PrefixPattern(keyPrefix, ItemExtension);
        var result = new List<SecretItemInfo>();
        foreach (var path in _fileSystem.EnumerateFiles(Directory, pattern))
        {
            ItemFile? item;
            try
            {
                item = ReadItem(path);
            }
            catch (SecretStoreException)
            {
                // A damaged item must not hide the others from listings; reading it reports the damage.
                continue;
            }

            if (item is not null && (keyPrefix is null || item.Key.StartsWith(keyPrefix, StringComparison.Ordinal)))
            {
                result.Add(new SecretItemInfo(item.Key, item.Metadata));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    /// <summary>
    /// True when the store exists and its key can be had without asking: remembered in this process or
    /// the unlock cache, or the passphrase given through the environment. (A store that does not exist
    /// yet would have to ask for a new passphrase.)
    /// </summary>
    public bool IsReadyWithoutAsking
    {
        get
        {
            var header = ReadHeader();
            if (header is null)
            {
                return _passphrase.AnswersWithoutAsking;
            }

            if ((_dataKey is not null && _dataKeyVault == header.Id) || _passphrase.AnswersWithoutAsking)
            {
                return true;
            }

            var cached = _cache.TryGet(header.Id);
            if (cached is null)
            {
                return false;
            }

            CryptographicOperations.ZeroMemory(cached);
            return true;
        }
    }

    /// <summary>Asks for the passphrase now (creating the store if needed) and caches the key.</summary>
    public void Unlock()
    {
        var header = ReadHeader() ?? CreateHeader();
        _ = DataKey(header);
    }

    /// <summary>Forgets the cached key. Returns true when one was cached.</summary>
    public bool Lock()
    {
        ForgetKey();
        var header = ReadHeader();
        return header is not null && _cache.Remove(header.Id);
    }

    private string ItemPath(string key) => Path.Combine(Directory, ItemNames.FileName(key) + ItemExtension);

    private ItemFile? ReadItem(string path)
    {
        byte[] bytes;
        try
        {
            bytes = _fileSystem.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return ItemFile.Parse(bytes, path);
    }

    private VaultHeader? ReadHeader()
    {
        byte[] bytes;
        try
        {
            bytes = _fileSystem.ReadAllBytes(HeaderPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return VaultHeader.Parse(bytes, HeaderPath);
    }

    private VaultHeader CreateHeader()
    {
        var passphrase = _passphrase.GetPassphrase(Directory, isNew: true);
        var header = VaultHeader.Create(passphrase, _iterations, out var dataKey);
        _fileSystem.WriteAllBytesAtomic(HeaderPath, header.ToBytes());
        Remember(header, dataKey);
        return header;
    }

    private byte[] DataKey(VaultHeader header)
    {
        if (_dataKey is not null && _dataKeyVault == header.Id)
        {
            return _dataKey;
        }

        var cached = _cache.TryGet(header.Id);
        if (cached is not null)
        {
            if (header.Matches(cached))
            {
                _dataKey = cached;
                _dataKeyVault = header.Id;
                return cached;
            }

            // The store was re-created under the same id, or the cache holds junk: forget it.
            _cache.Remove(header.Id);
        }

        var passphrase = _passphrase.GetPassphrase(Directory, isNew: false);
        var dataKey = header.Unwrap(passphrase)
            ?? throw new SecretStoreException(SecretStoreFailure.WrongPassphrase, $"wrong passphrase for the encrypted store at {Directory}; nothing was read or changed");
        Remember(header, dataKey);
        return dataKey;
    }

    private void Remember(VaultHeader header, byte[] dataKey)
    {
        ForgetKey();
        _dataKey = dataKey;
        _dataKeyVault = header.Id;
        _cache.Put(header.Id, dataKey, _unlockFor);
    }

    private void ForgetKey()
    {
        if (_dataKey is not null)
        {
            CryptographicOperations.ZeroMemory(_dataKey);
        }

        _dataKey = null;
        _dataKeyVault = null;
    }
}
