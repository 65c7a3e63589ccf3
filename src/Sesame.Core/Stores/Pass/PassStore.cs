using Sesame.Core.Platform;

namespace Sesame.Core.Stores.Pass;

/// <summary>
/// The standard Unix password manager: each secret is the entry <c>sesame/&lt;key&gt;</c>
/// (base64 of the secret bytes, so any bytes survive pass's line handling), encrypted to the
/// store's GnuPG keys; gpg-agent does the unlocking and its caching. Metadata lives in plain
/// <c>.meta</c> files beside the entries so listings never run GnuPG.
/// </summary>
public sealed class PassStore : ISecretStore
{
    /// <summary>The backend name.</summary>
    public const string BackendName = "pass";

    private const string Folder = "sesame";
    private readonly HelperProgram _pass;
    private readonly IFileSystem _fileSystem;
    private readonly MetadataSidecar _metadata;

    /// <summary>Creates the store; nothing runs until first use.</summary>
    public PassStore(IEnvironment environment, IFileSystem fileSystem, IProcessRunner runner)
    {
        _fileSystem = fileSystem;
        _pass = new HelperProgram("pass", environment, runner, "GNUPGHOME", "GPG_TTY", "DISPLAY", "PASSWORD_STORE_GPG_OPTS", "PASSWORD_STORE_KEY");
        StoreDirectory = StoreDirectoryFor(environment);
        _metadata = new MetadataSidecar(fileSystem, Path.Combine(StoreDirectory, Folder));
    }

    /// <inheritdoc />
    public string Backend => BackendName;

    /// <summary>The password store folder (<c>PASSWORD_STORE_DIR</c>, else <c>~/.password-store</c>).</summary>
    public string StoreDirectory { get; }

    /// <summary>Why this backend cannot be used here, or <c>null</c> when it can (no GnuPG run).</summary>
    public string? UnavailableReason
        => _pass.Locate() is null ? "'pass' is not installed (apt-get install pass)"
        : !_fileSystem.FileExists(Path.Combine(StoreDirectory, ".gpg-id")) ? $"no password store at {StoreDirectory} (run 'pass init <gpg-key-id>')"
        : null;

    /// <summary>The password store folder for an environment.</summary>
    public static string StoreDirectoryFor(IEnvironment environment)
        => environment.GetVariable("PASSWORD_STORE_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(environment.GetVariable("HOME") ?? environment.RuntimeHomeDirectory ?? ".", ".password-store");

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ItemNames.ValidateKey(key);
        if (!_fileSystem.FileExists(EntryFile(key)))
        {
            return null;
        }

        var result = Run(["show", Entry(key)]);
        if (result.ExitCode != 0)
        {
            throw Failure(result, "read");
        }

        try
        {
            return Convert.FromBase64String(result.StandardOutput.Trim());
        }
        catch (FormatException)
        {
            throw new SecretStoreException(SecretStoreFailure.Corrupted, $"the pass entry {Entry(key)} was not written by Sesame or is damaged; remove it with 'pass rm {Entry(key)}'");
        }
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySpan<byte> secret, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ItemNames.ValidateKey(key);
        ItemNames.ValidateMetadata(metadata);
        if (UnavailableReason is { } reason)
        {
            throw new SecretStoreException(SecretStoreFailure.Unavailable, $"the pass backend is unavailable: {reason}");
        }

        var result = Run(["insert", "--multiline", "--force", Entry(key)], Convert.ToBase64String(secret) + "\n");
        if (result.ExitCode != 0)
        {
            throw Failure(result, "write");
        }

        _metadata.Write(key, metadata);
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        ItemNames.ValidateKey(key);
        var existed = _fileSystem.FileExists(EntryFile(key));
        if (existed)
        {
            var result = Run(["rm", "--force", Entry(key)]);
            if (result.ExitCode != 0)
            {
                throw Failure(result, "remove");
            }
        }

        var hadMetadata = _metadata.Exists(key);
        _metadata.Delete(key);
        return existed || hadMetadata;
    }

    /// <inheritdoc />
    public IReadOnlyList<SecretItemInfo> List(string? keyPrefix = null) => _metadata.List(keyPrefix);

    private static string Entry(string key) => Folder + "/" + ItemNames.FileName(key);

    private string EntryFile(string key) => Path.Combine(StoreDirectory, Folder, ItemNames.FileName(key) + ".gpg");

    private ProcessResult Run(IReadOnlyList<string> arguments, string? input = null)
        => _pass.Run(arguments, input, extra: new Dictionary<string, string?> { ["PASSWORD_STORE_DIR"] = StoreDirectory });

    private static SecretStoreException Failure(ProcessResult result, string action)
    {
        var error = HelperProgram.FirstLine(result.StandardError);
        var locked = error.Contains("pinentry", StringComparison.OrdinalIgnoreCase)
            || error.Contains("Inappropriate ioctl", StringComparison.OrdinalIgnoreCase)
            || error.Contains("cancel", StringComparison.OrdinalIgnoreCase);
        return locked
            ? new SecretStoreException(SecretStoreFailure.Locked, $"pass could not {action} the secret: GnuPG could not unlock the key ({error}); unlock it in a terminal (for example 'pass show sesame') or check gpg-agent's pinentry")
            : new SecretStoreException(SecretStoreFailure.Failed, $"pass could not {action} the secret: {error}");
    }
}
