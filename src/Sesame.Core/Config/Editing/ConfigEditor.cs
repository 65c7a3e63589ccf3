using System.Globalization;
using System.Security.Cryptography;
using Sesame.Core.Platform;

namespace Sesame.Core.Config.Editing;

/// <summary>
/// The one way Sesame changes the user's <c>~/.aws/config</c> and <c>~/.aws/credentials</c>: take the
/// file's cross-process lock, load it, apply the edit, check that the result still parses (a writer
/// never leaves a file the AWS CLI would refuse), and save atomically — only when something changed,
/// keeping every byte the edit did not touch (comments, order, line endings, byte-order mark). Two
/// Sesame processes editing at once are serialised, so neither loses the other's change.
/// </summary>
public sealed class ConfigEditor
{
    /// <summary>How long an edit waits for another process editing the same file.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly IFileSystem _fileSystem;
    private readonly ConfigFileLocator _locator;
    private readonly ILockProvider _locks;
    private readonly TimeProvider _time;

    /// <summary>Creates the editor.</summary>
    public ConfigEditor(IFileSystem fileSystem, ConfigFileLocator locator, ILockProvider locks, TimeProvider time)
    {
        _fileSystem = fileSystem;
        _locator = locator;
        _locks = locks;
        _time = time;
    }

    /// <summary>The path of a file.</summary>
    public string PathOf(ConfigFileKind file) => file == ConfigFileKind.Config ? _locator.ConfigFilePath : _locator.CredentialsFilePath;

    /// <summary>
    /// Edits a file through <see cref="ConfigDocument"/> under its lock; <paramref name="edit"/> sees
    /// the file as it is now (not as it was when the command started) and may throw to abandon the edit.
    /// </summary>
    public async Task<ConfigEditResult<T>> EditAsync<T>(ConfigFileKind file, Func<ConfigDocument, T> edit, ConfigEditOptions? options = null, CancellationToken cancellationToken = default)
        => await ReplaceAsync(
            file,
            (path, before) =>
            {
                var document = before is null ? ConfigDocument.CreateEmpty(file) : ConfigDocument.Parse(path, file, before);
                var result = edit(document);
                return (document.ToBytes(), result);
            },
            options,
            cancellationToken).ConfigureAwait(false);

    /// <summary>Edits a file under its lock by computing its new bytes from the current ones (for edits planned on a parsed file, such as <c>sso populate</c>).</summary>
    public async Task<ConfigEditResult<T>> ReplaceAsync<T>(ConfigFileKind file, Func<string, byte[]?, (byte[] After, T Result)> edit, ConfigEditOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ConfigEditOptions.Default;
        var path = PathOf(file);
        using (await _locks.AcquireAsync(file == ConfigFileKind.Config ? "config-edit" : "credentials-edit", LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            var before = _fileSystem.FileExists(path) ? _fileSystem.ReadAllBytes(path) : null;
            var (after, result) = edit(path, before);
            if (before is not null && before.AsSpan().SequenceEqual(after))
            {
                return new ConfigEditResult<T>(path, false, null, before, after, result);
            }

            // Never write a file the parser (and so the AWS CLI) would refuse.
            _ = ConfigFile.Parse(path, file, after);
            if (options.DryRun)
            {
                return new ConfigEditResult<T>(path, false, null, before, after, result);
            }

            string? backup = null;
            if (options.Backup && before is not null)
            {
                backup = BackupPath(path);
                _fileSystem.WriteAllBytesAtomic(backup, before, FileModes.OwnerReadWrite);
            }

            _fileSystem.WriteAllBytesAtomic(path, after);
            return new ConfigEditResult<T>(path, true, backup, before, after, result);
        }
    }

    // <file>.sesame-backup-<UTC time>-<random>: sortable, and not guessable ahead of time (so nobody
    // can plant a link at the name a backup of secrets will be written to).
    private string BackupPath(string path)
    {
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return $"{path}.sesame-backup-{stamp}-{random}";
    }
}

/// <summary>How an edit is made.</summary>
/// <param name="Backup">Write a 0600 copy of the previous file beside it first.</param>
/// <param name="DryRun">Compute and validate the result, write nothing.</param>
public sealed record ConfigEditOptions(bool Backup = false, bool DryRun = false)
{
    /// <summary>A plain edit.</summary>
    public static ConfigEditOptions Default { get; } = new();
}

/// <summary>What an edit did.</summary>
/// <typeparam name="T">What the edit function returned.</typeparam>
/// <param name="Path">The file.</param>
/// <param name="Written">True when the file was written.</param>
/// <param name="BackupPath">The backup written first, if any.</param>
/// <param name="Before">The file's bytes before (null when it did not exist).</param>
/// <param name="After">The bytes the edit produced.</param>
/// <param name="Result">What the edit function returned.</param>
public sealed record ConfigEditResult<T>(string Path, bool Written, string? BackupPath, byte[]? Before, byte[] After, T Result)
{
    /// <summary>True when the edit changed the file's content (whether or not it was written).</summary>
    public bool Changed => Before is null ? After.Length > 0 : !Before.AsSpan().SequenceEqual(After);
}
