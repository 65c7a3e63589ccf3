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
            var indexed = ConfigFile.ParseValidated(path, kind, content.Bytes);
            if (_fileSystem.GetStamp(path) == stamp)
            {
                return indexed;
            }
        }

        var file = ConfigFile.Parse(path, kind, content.Bytes.Span);
        if (validated is not null && content.Stamp is { } checkedStamp && _fileSystem.GetStamp(path) == checkedStamp)
        {
            validated.Add(path, checkedStamp);
        }

        return file;
    }
}
