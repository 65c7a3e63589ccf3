using Sesame.Core.Platform;

namespace Sesame.Core.Config;

/// <summary>Reads the two shared files from disk into a <see cref="ProfileSet"/>.</summary>
public sealed class ConfigLoader
{
    private readonly IFileSystem _fileSystem;
    private readonly ConfigFileLocator _locator;

    /// <summary>Creates a loader over the given seams.</summary>
    public ConfigLoader(IFileSystem fileSystem, IEnvironment environment)
    {
        _fileSystem = fileSystem;
        _locator = new ConfigFileLocator(environment);
    }

    /// <summary>The locator this loader uses.</summary>
    public ConfigFileLocator Locator => _locator;

    /// <summary>
    /// Loads and merges both files. A missing file is an empty file; a malformed one throws
    /// <see cref="Errors.ConfigParseException"/> naming the file and line.
    /// </summary>
    public ProfileSet Load() => Load(validated: null);

    /// <summary>
    /// Loads and merges both files, skipping the line-by-line check of any file version that
    /// <paramref name="validated"/> remembers as valid, and remembering the versions it checks.
    /// For the commands that run on every AWS call; the result is identical.
    /// </summary>
    public ProfileSet Load(ValidatedFiles? validated)
    {
        var config = Read(_locator.ConfigFilePath, ConfigFileKind.Config, validated, _locator.ConfigFileSetting);
        var credentials = Read(_locator.CredentialsFilePath, ConfigFileKind.Credentials, validated, _locator.CredentialsFileSetting);
        return ProfileSet.Build(config, credentials);
    }

    // A validated version: a large file through the index kept on disk for it (written now if missing),
    // else by scanning its bytes for headers.
    private static ConfigFile ReadIndexed(string path, ConfigFileKind kind, FileContent content, FileStamp stamp, ValidatedFiles validated)
    {
        if (content.Bytes.Length < ConfigFile.PersistFromLength)
        {
            return ConfigFile.ParseValidated(path, kind, content.Bytes);
        }

        if (validated.ReadIndex(path) is { } index && ConfigFile.FromPersistedIndex(path, kind, content.Bytes, stamp, index) is { } fromIndex)
        {
            return fromIndex;
        }

        var scanned = ConfigFile.ParseValidated(path, kind, content.Bytes);
        if (!validated.ReadOnly && scanned.IsIndexed && !scanned.IsDecoded)
        {
            validated.WriteIndex(path, scanned.ExportIndex(stamp));
        }

        return scanned;
    }

    private ConfigFile? Read(string path, ConfigFileKind kind, ValidatedFiles? validated, string setting)
    {
        FileContent content;
        try
        {
            content = _fileSystem.ReadContent(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnsafeFileException e)
        {
            // A folder, FIFO or device where the file should be: say which setting named it.
            throw e.WithSetting(setting);
        }
        catch (UnauthorizedAccessException)
        {
            throw new Errors.ConfigException($"{setting} ({path}) cannot be read: permission denied; check the file's owner and mode");
        }
        catch (IOException e)
        {
            throw new Errors.ConfigException($"{setting} ({path}) cannot be read: {e.Message}");
        }

        // The version read is trusted only if it was validated before and the path still names it
        // afterwards (a file renamed over it in between is read again next time, in full).
        if (validated is not null && content.Stamp is { } stamp && validated.Contains(path, stamp))
        {
            var indexed = ReadIndexed(path, kind, content, stamp, validated);
            if (_fileSystem.GetStamp(path) == stamp)
            {
                return indexed;
            }
        }

        var file = ConfigFile.Parse(path, kind, content.Bytes.Span);
        if (validated is not null && content.Stamp is { } checkedStamp && _fileSystem.GetStamp(path) == checkedStamp)
        {
            validated.Add(path, checkedStamp);
            if (!validated.ReadOnly && content.Bytes.Length >= ConfigFile.PersistFromLength
                && ConfigFile.ParseValidated(path, kind, content.Bytes) is { IsIndexed: true, IsDecoded: false } scanned)
            {
                // A large file gets its header index kept on disk for the next calls (ConfigFile.Persisted.cs).
                validated.WriteIndex(path, scanned.ExportIndex(checkedStamp));
            }
        }

        return file;
    }
}
