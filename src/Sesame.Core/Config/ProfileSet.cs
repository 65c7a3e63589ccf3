namespace Sesame.Core.Config;

/// <summary>
/// The merged view of the config and credentials files: profiles, sso-sessions, services and
/// unknown sections, each setting with its file and line. Built by the AWS shared-config rules
/// (cross-SDK profile-parser suite; smithy-rs normalize.rs):
/// <list type="bullet">
/// <item>config file: <c>[default]</c> and <c>[profile x]</c>; <c>[x]</c> is ignored;</item>
/// <item>credentials file: <c>[x]</c>; <c>[profile x]</c> and other prefixes are ignored;</item>
/// <item>if the config file has <c>[profile default]</c>, its <c>[default]</c> sections are dropped (not merged);</item>
/// <item>the credentials file wins key by key over the config file;</item>
/// <item>invalid names are skipped silently (here: with a note).</item>
/// </list>
/// </summary>
public sealed class ProfileSet
{
    private readonly Dictionary<string, ConfigSection> _profiles;
    private readonly Dictionary<string, ConfigSection> _ssoSessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConfigSection> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConfigSection> _unknown = new(StringComparer.Ordinal);
    private readonly List<string> _profileOrder;
    private readonly List<ConfigNote> _notes = [];
    private bool _lazy;
    private HashSet<string>? _absent;

    private ProfileSet(ConfigFile? configFile, ConfigFile? credentialsFile)
    {
        // Sized up front: a 10,000-profile file would otherwise regrow these a dozen times.
        var sections = (configFile?.SectionCount ?? 0) + (credentialsFile?.SectionCount ?? 0);
        _profiles = new Dictionary<string, ConfigSection>(sections, StringComparer.Ordinal);
        _profileOrder = new List<string>(sections);
        ConfigFile = configFile;
        CredentialsFile = credentialsFile;
    }

    /// <summary>An empty set (no files).</summary>
    public static ProfileSet Empty { get; } = new(null, null);

    /// <summary>The parsed config file, when it exists.</summary>
    public ConfigFile? ConfigFile { get; }

    /// <summary>The parsed credentials file, when it exists.</summary>
    public ConfigFile? CredentialsFile { get; }

    /// <summary>Profile names in order of first appearance (config file first).</summary>
    public IReadOnlyList<string> ProfileNames
    {
        get
        {
            EnsureFull();
            return _profileOrder;
        }
    }

    /// <summary>Every profile, in order of first appearance.</summary>
    public IEnumerable<ConfigSection> Profiles
    {
        get
        {
            EnsureFull();
            foreach (var name in _profileOrder)
            {
                yield return _profiles[name];
            }
        }
    }

    /// <summary>Every <c>[sso-session]</c> section.</summary>
    public IEnumerable<ConfigSection> SsoSessions
    {
        get
        {
            EnsureFull();
            return _ssoSessions.Values;
        }
    }

    /// <summary>Every <c>[services]</c> section.</summary>
    public IEnumerable<ConfigSection> ServicesSections
    {
        get
        {
            EnsureFull();
            return _services.Values;
        }
    }

    /// <summary>Every prefixed section of an unknown kind.</summary>
    public IEnumerable<ConfigSection> UnknownSections
    {
        get
        {
            EnsureFull();
            return _unknown.Values;
        }
    }

    /// <summary>Sections that were ignored, and files the AWS CLI reads differently.</summary>
    public IReadOnlyList<ConfigNote> Notes
    {
        get
        {
            EnsureFull();
            return _notes;
        }
    }

    /// <summary>True when no profile is defined.</summary>
    public bool IsEmpty
    {
        get
        {
            EnsureFull();
            return _profiles.Count == 0;
        }
    }

    /// <summary>Builds the merged set from the two files (either may be missing).</summary>
    public static ProfileSet Build(ConfigFile? configFile, ConfigFile? credentialsFile)
    {
        var set = new ProfileSet(configFile, credentialsFile);

        // Files read by their headers only (validated versions, see ValidatedFiles) are merged
        // lazily: a section is built when it is looked up, and enumerating builds them all.
        set._lazy = (configFile is not null || credentialsFile is not null)
            && (configFile?.IsIndexed ?? true)
            && (credentialsFile?.IsIndexed ?? true);
        if (!set._lazy)
        {
            set.MergeAll();
        }

        return set;
    }

    /// <summary>The profile named <paramref name="name"/> (case-sensitive), or <c>null</c>.</summary>
    public ConfigSection? GetProfile(string name) => Lookup(SectionKind.Profile, _profiles, name);

    /// <summary>The <c>[sso-session name]</c> section, or <c>null</c>.</summary>
    public ConfigSection? GetSsoSession(string name) => Lookup(SectionKind.SsoSession, _ssoSessions, name);

    /// <summary>The <c>[services name]</c> section, or <c>null</c>.</summary>
    public ConfigSection? GetServices(string name) => Lookup(SectionKind.Services, _services, name);

    /// <summary>An unknown section by name, or <c>null</c>.</summary>
    public ConfigSection? GetUnknown(string name) => Lookup(SectionKind.Unknown, _unknown, name);

    private void MergeAll()
    {
        if (ConfigFile is not null)
        {
            MergeIn(ConfigFile);
        }

        if (CredentialsFile is not null)
        {
            MergeIn(CredentialsFile);
        }
    }

    private void EnsureFull()
    {
        if (!_lazy)
        {
            return;
        }

        _lazy = false;
        _absent = null;
        _profiles.Clear();
        _ssoSessions.Clear();
        _services.Clear();
        _unknown.Clear();
        MergeAll();
    }

    // The merge of MergeIn, for one name: config file first, then credentials file, with the
    // [profile default] rule.
    private ConfigSection? Lookup(SectionKind kind, Dictionary<string, ConfigSection> table, string name)
    {
        if (table.TryGetValue(name, out var known) || !_lazy)
        {
            return known;
        }

        var absentKey = ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + name;
        if (_absent?.Contains(absentKey) == true)
        {
            return null;
        }

        ConfigSection? section = null;
        foreach (var file in new[] { ConfigFile, CredentialsFile })
        {
            if (file is null)
            {
                continue;
            }

            var hidesUnprefixedDefault = file.Kind == ConfigFileKind.Config && kind == SectionKind.Profile && name == "default" && file.HasPrefixedDefault;
            foreach (var fragment in file.FindSections(kind, name))
            {
                if (hidesUnprefixedDefault && fragment.Key.IsUnprefixedDefault)
                {
                    continue;
                }

                section ??= new ConfigSection(kind, name);
                section.Add(fragment);
            }
        }

        if (section is null)
        {
            (_absent ??= new HashSet<string>(StringComparer.Ordinal)).Add(absentKey);
        }
        else
        {
            table[name] = section;
        }

        return section;
    }

    private void MergeIn(ConfigFile file)
    {
        if (file.HasBom)
        {
            _notes.Add(new ConfigNote(new SourceLocation(file.Path, 1), "the file starts with a byte-order mark: Sesame and the AWS SDKs read it, the AWS CLI (botocore) refuses the file; save it as UTF-8 without BOM", ConfigNoteKind.Compatibility));
        }

        var hidesUnprefixedDefault = false;
        if (file.Kind == ConfigFileKind.Config)
        {
            foreach (var fragment in file.Sections)
            {
                if (fragment.Key.IsPrefixedDefault)
                {
                    hidesUnprefixedDefault = true;
                    break;
                }
            }
        }

        foreach (var fragment in file.Sections)
        {
            var location = file.LocationOf(fragment.HeaderLine);
            var kind = fragment.Key.Classify(file.Kind, out var reason);
            if (kind is null)
            {
                _notes.Add(new ConfigNote(location, reason!, ConfigNoteKind.Ignored, fragment.Key.Name));
                continue;
            }

            if (hidesUnprefixedDefault && fragment.Key.IsUnprefixedDefault)
            {
                _notes.Add(new ConfigNote(location, "section [default] ignored: this file also has [profile default], which replaces it entirely", ConfigNoteKind.Ignored, "default"));
                continue;
            }

            var table = kind switch
            {
                SectionKind.Profile => _profiles,
                SectionKind.SsoSession => _ssoSessions,
                SectionKind.Services => _services,
                _ => _unknown,
            };
            if (table.TryGetValue(fragment.Key.Name, out var section))
            {
                if (section.LastFragmentFile == file)
                {
                    _notes.Add(new ConfigNote(location, $"section for '{fragment.Key.Name}' appears more than once in this file: its settings are merged, but the AWS CLI (botocore) refuses the whole file", ConfigNoteKind.Compatibility, fragment.Key.Name));
                }
            }
            else
            {
                section = new ConfigSection(kind.Value, fragment.Key.Name);
                table.Add(fragment.Key.Name, section);
                if (kind == SectionKind.Profile)
                {
                    _profileOrder.Add(fragment.Key.Name);
                }
            }

            section.Add(fragment);
        }
    }
}
