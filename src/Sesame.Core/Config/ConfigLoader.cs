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
    public ProfileSet Load()
    {
        var config = Read(_locator.ConfigFilePath, ConfigFileKind.Config);
        var credentials = Read(_locator.CredentialsFilePath, ConfigFileKind.Credentials);
        return ProfileSet.Build(config, credentials);
    }

    private ConfigFile? Read(string path, ConfigFileKind kind)
    {
        byte[] bytes;
        try
        {
            bytes = _fileSystem.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return ConfigFile.Parse(path, kind, bytes);
    }
}
