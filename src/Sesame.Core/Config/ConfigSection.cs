using System.Text;

namespace Sesame.Core.Config;

/// <summary>
/// A profile, sso-session, services or unknown section after merging: every fragment with the
/// same kind and name, config file first and credentials file last, so later definitions win key
/// by key (duplicate sections merge; the credentials file overrides the config file).
/// Keys are looked up case-insensitively; names are case-sensitive.
/// </summary>
public sealed class ConfigSection
{
    // Most sections are written once: the first fragment has a field, duplicates a list (10,000
    // profiles then cost 10,000 objects, not 30,000).
    private SectionFragment? _first;
    private List<SectionFragment>? _more;
    private Materialized? _materialized;

    internal ConfigSection(SectionKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>What kind of section this is.</summary>
    public SectionKind Kind { get; }

    /// <summary>The section's name (profile name, session name, …).</summary>
    public string Name { get; }

    /// <summary>Every header that contributed to this section, in merge order.</summary>
    public IEnumerable<SourceLocation> Headers
    {
        get
        {
            foreach (var fragment in Fragments())
            {
                yield return fragment.File.LocationOf(fragment.HeaderLine);
            }
        }
    }

    /// <summary>True when at least one fragment comes from a file of <paramref name="kind"/>.</summary>
    public bool IsDefinedIn(ConfigFileKind kind)
    {
        foreach (var fragment in Fragments())
        {
            if (fragment.File.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The effective settings, in order of first appearance.</summary>
    public IReadOnlyCollection<ConfigValue> Values => Materialize().Ordered;

    /// <summary>Definitions that a later definition of the same key replaced.</summary>
    public IReadOnlyList<ShadowedValue> Shadowed => Materialize().Shadowed;

    /// <summary>Keys and other things inside this section that were ignored or differ in the AWS CLI.</summary>
    public IReadOnlyList<ConfigNote> Notes => Materialize().Notes;

    /// <summary>The effective setting for <paramref name="key"/>, or <c>null</c>.</summary>
    public ConfigValue? Get(string key) => Materialize().ByKey.GetValueOrDefault(key);

    /// <summary>The effective value for <paramref name="key"/>, or <c>null</c>.</summary>
    public string? GetString(string key) => Get(key)?.Value;

    /// <summary>True when the section sets <paramref name="key"/>.</summary>
    public bool Has(string key) => Materialize().ByKey.ContainsKey(key);

    /// <summary>The file of the most recently added fragment (to spot duplicate sections within one file).</summary>
    internal ConfigFile? LastFragmentFile => _more is { Count: > 0 } more ? more[^1].File : _first?.File;

    internal void Add(SectionFragment fragment)
    {
        if (_first is null)
        {
            _first = fragment;
        }
        else
        {
            (_more ??= []).Add(fragment);
        }

        _materialized = null;
    }

    private IEnumerable<SectionFragment> Fragments()
    {
        if (_first is not null)
        {
            yield return _first;
        }

        if (_more is not null)
        {
            foreach (var fragment in _more)
            {
                yield return fragment;
            }
        }
    }

    /// <summary>
    /// Drops the settings built for this section (they are built again when next asked for): a caller that
    /// visits every profile once (<c>sesame list</c>) keeps only what it takes from each, not every
    /// section's settings at once.
    /// </summary>
    internal void ReleaseValues() => _materialized = null;

    private Materialized Materialize()
    {
        // A benign race: two threads may both build the same immutable result.
        return _materialized ??= Build();
    }

    private Materialized Build()
    {
        var state = new BuildState();
        foreach (var fragment in Fragments())
        {
            var file = fragment.File;
            var reader = new IniLineReader(file.Text, fragment.BodyStart, fragment.BodyEnd, fragment.HeaderLine + 1);
            while (reader.MoveNext())
            {
                var line = reader.Current;
                if (line.Kind == LineKind.Property)
                {
                    state.Finish(this);
                    state.Start(file, line);
                }
                else if (line.Kind == LineKind.Continuation)
                {
                    state.Continue(file.Text.AsSpan(line.AStart, line.ALength));
                }
            }

            state.Finish(this);
        }

        var ordered = new List<ConfigValue>(state.Order.Count);
        foreach (var key in state.Order)
        {
            ordered.Add(state.ByKey[key]);
        }

        return new Materialized(state.ByKey, ordered, (IReadOnlyList<ShadowedValue>?)state.Shadowed ?? [], (IReadOnlyList<ConfigNote>?)state.Notes ?? []);
    }

    /// <summary>Accumulates one property (with its continuation lines) at a time while reading a section.</summary>
    private sealed class BuildState
    {
        private ConfigFile? _file;
        private IniLine _line;
        private StringBuilder? _continued;
        private List<KeyValuePair<string, string>>? _subProperties;

        public Dictionary<string, ConfigValue> ByKey { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Order { get; } = [];

        public List<ShadowedValue>? Shadowed { get; private set; }

        public List<ConfigNote>? Notes { get; private set; }

        public void Start(ConfigFile file, IniLine line)
        {
            _file = file;
            _line = line;
            _continued = null;
            _subProperties = null;
        }

        public void Continue(ReadOnlySpan<char> content)
        {
            if (_file is null)
            {
                return;
            }

            if (_continued is null)
            {
                _continued = new StringBuilder().Append(_file.Text.AsSpan(_line.BStart, _line.BLength));
                _subProperties = _line.BLength == 0 ? [] : null;
            }

            _continued.Append('\n').Append(content);
            if (_subProperties is not null && IniTokenizer.SplitProperty(content, out var ks, out var kl, out var vs, out var vl) is null)
            {
                _subProperties.Add(new(content.Slice(ks, kl).ToString(), content.Slice(vs, vl).ToString()));
            }
        }

        public void Finish(ConfigSection section)
        {
            if (_file is null)
            {
                return;
            }

            var file = _file;
            _file = null;
            var key = file.Text.Substring(_line.AStart, _line.ALength);
            var location = file.LocationOf(_line.Number);
            if (!Identifiers.IsValid(key))
            {
                (Notes ??= []).Add(new ConfigNote(location, $"key '{key}' ignored: not a valid key name (letters, digits and - _ / . % @ : + only)", ConfigNoteKind.Ignored, section.Name));
                return;
            }

            if (HasInlineComment(file.Text, _line))
            {
                (Notes ??= []).Add(new ConfigNote(location, $"'{key}' has a trailing comment: Sesame and the AWS SDKs drop it, but the AWS CLI (botocore) keeps it as part of the value", ConfigNoteKind.Compatibility, section.Name));
            }

            var value = _continued?.ToString() ?? file.Text.Substring(_line.BStart, _line.BLength);
            var configValue = new ConfigValue(key, value, location, _subProperties);
            if (ByKey.TryGetValue(key, out var previous))
            {
                (Shadowed ??= []).Add(new ShadowedValue(previous, location));
            }
            else
            {
                Order.Add(key);
            }

            ByKey[key] = configValue;
        }

        private static bool HasInlineComment(string text, IniLine line)
        {
            var valueEnd = line.BStart + line.BLength;
            var rest = text.AsSpan(valueEnd, line.Start + line.Length - valueEnd).TrimStart(" \t");
            return !rest.IsEmpty && rest[0] is '#' or ';';
        }
    }

    private sealed record Materialized(
        Dictionary<string, ConfigValue> ByKey,
        IReadOnlyCollection<ConfigValue> Ordered,
        IReadOnlyList<ShadowedValue> Shadowed,
        IReadOnlyList<ConfigNote> Notes);
}
