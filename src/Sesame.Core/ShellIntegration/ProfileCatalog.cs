using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Settings;

namespace Sesame.Core.ShellIntegration;

/// <summary>
/// The names a shell needs on every TAB and every <c>sesame use</c>: profiles and
/// <c>[sso-session]</c> sections, in file order, by the same merge rules as <c>sesame list</c>. A file
/// version that passed full validation before is read by its section headers only (see
/// <see cref="ValidatedFiles"/>, shared with the hot commands); nothing is resolved, no secret store
/// is opened and no property is parsed.
/// </summary>
public sealed class ProfileCatalog
{
    private readonly ProfileSet _profiles;

    private ProfileCatalog(ProfileSet profiles) => _profiles = profiles;

    /// <summary>Profile names, in order of first appearance (config file first).</summary>
    public IReadOnlyList<string> Profiles => _profiles.ProfileNames;

    /// <summary>The loaded files, for lookups and suggestions.</summary>
    public ProfileSet Set => _profiles;

    /// <summary><c>[sso-session NAME]</c> names, in file order.</summary>
    public IReadOnlyList<string> SsoSessions
    {
        get
        {
            var names = new List<string>();
            foreach (var section in _profiles.SsoSessions)
            {
                names.Add(section.Name);
            }

            return names;
        }
    }

    /// <summary>
    /// Loads the two files. A malformed file throws <see cref="ConfigException"/> with its file and
    /// line, as every command does.
    /// </summary>
    public static ProfileCatalog Load(IFileSystem fileSystem, IEnvironment environment)
    {
        var loader = new ConfigLoader(fileSystem, environment);
        var validated = new ValidatedFiles(fileSystem, SesamePaths.ValidatedConfigs(environment, loader.Locator));
        return new ProfileCatalog(loader.Load(validated));
    }

    /// <summary>Loads the two files, or returns <c>null</c> when either cannot be read (for completion, which must stay silent).</summary>
    public static ProfileCatalog? TryLoad(IFileSystem fileSystem, IEnvironment environment)
    {
        try
        {
            return Load(fileSystem, environment);
        }
        catch (SesameException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="profile"/> is defined (case-sensitive, as the AWS CLI).</summary>
    public bool Contains(string profile) => _profiles.GetProfile(profile) is not null;

    /// <summary>Throws <see cref="ProfileNotFoundException"/> (with a close name to suggest) unless <paramref name="profile"/> is defined.</summary>
    public void Require(string profile)
    {
        if (!Contains(profile))
        {
            throw new ProfileNotFoundException(profile, NameSuggester.Closest(profile, Profiles));
        }
    }
}
