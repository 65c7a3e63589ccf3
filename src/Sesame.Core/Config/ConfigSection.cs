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
    private readonly List<(ConfigFile File, SectionFragment Fragment)> _fragments = [];
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
    public IEnumerable<SourceLocation> Headers => _fragments.Select(f => f.File.LocationOf(f.Fragment.HeaderLine));

    /// <summary>True when at least one fragment comes from a file of <paramref name="kind"/>.</summary>
    public bool IsDefinedIn(ConfigFileKind kind) => _fragments.Exists(f => f.File.Kind == kind);

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

    internal void Add(ConfigFile file, SectionFragment fragment)
    {
        _fragments.Add((file, fragment));
        _materialized = null;
    }

    private Materialized Materialize()
    {
        // A benign race: two threads may both build the same immutable result.
        return _materialized ??= Build();
    }

    private Materialized Build()
    {
        var byKey = new Dictionary<string, ConfigValue>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        List<ShadowedValue>? shadowed = null;
        List<ConfigNote>? notes = null;
        foreach (var (file, fragment) in _fragments)
        {
            var text = file.Text;
            var lines = file.Lines;
            for (var i = fragment.HeaderLine + 1; i < fragment.EndLine; i++)
            {
                var line = lines[i];
                if (line.Kind != LineKind.Property)
                {
                    continue;
                }

                var key = text.Substring(line.AStart, line.ALength);
                var location = file.LocationOf(i);
                var next = i + 1;
                while (next < fragment.EndLine && lines[next].Kind is LineKind.Continuation or LineKind.Blank or LineKind.Comment)
                {
                    next++;
                }

                if (!Identifiers.IsValid(key))
                {
                    (notes ??= []).Add(new ConfigNote(location, $"key '{key}' ignored: not a valid key name (letters, digits and - _ / . % @ : + only)", ConfigNoteKind.Ignored, Name));
                    i = next - 1;
                    continue;
                }

                var value = ReadValue(file, i, next, out var subProperties);
                if (HasInlineComment(file, i))
                {
                    (notes ??= []).Add(new ConfigNote(location, $"'{key}' has a trailing comment: Sesame and the AWS SDKs drop it, but the AWS CLI (botocore) keeps it as part of the value", ConfigNoteKind.Compatibility, Name));
                }

                var configValue = new ConfigValue(key, value, location, subProperties);
                if (byKey.TryGetValue(key, out var previous))
                {
                    (shadowed ??= []).Add(new ShadowedValue(previous, location));
                }
                else
                {
                    order.Add(key);
                }

                byKey[key] = configValue;
                i = next - 1;
            }
        }

        var ordered = new List<ConfigValue>(order.Count);
        foreach (var key in order)
        {
            ordered.Add(byKey[key]);
        }

        return new Materialized(byKey, ordered, (IReadOnlyList<ShadowedValue>?)shadowed ?? [], (IReadOnlyList<ConfigNote>?)notes ?? []);
    }

    private static string ReadValue(ConfigFile file, int propertyLine, int end, out IReadOnlyList<KeyValuePair<string, string>>? subProperties)
    {
        subProperties = null;
        var text = file.Text;
        var head = file.Lines[propertyLine];
        var first = text.Substring(head.BStart, head.BLength);
        var hasContinuation = false;
        for (var j = propertyLine + 1; j < end; j++)
        {
            if (file.Lines[j].Kind == LineKind.Continuation)
            {
                hasContinuation = true;
                break;
            }
        }

        if (!hasContinuation)
        {
            return first;
        }

        var builder = new StringBuilder(first);
        List<KeyValuePair<string, string>>? subs = first.Length == 0 ? [] : null;
        for (var j = propertyLine + 1; j < end; j++)
        {
            var line = file.Lines[j];
            if (line.Kind != LineKind.Continuation)
            {
                continue;
            }

            var content = text.AsSpan(line.AStart, line.ALength);
            builder.Append('\n').Append(content);
            if (subs is not null && IniTokenizer.SplitProperty(content, out var ks, out var kl, out var vs, out var vl) is null)
            {
                subs.Add(new(content.Slice(ks, kl).ToString(), content.Slice(vs, vl).ToString()));
            }
        }

        subProperties = subs;
        return builder.ToString();
    }

    private static bool HasInlineComment(ConfigFile file, int index)
    {
        var line = file.Lines[index];
        var valueEnd = line.BStart + line.BLength;
        var rest = file.Text.AsSpan(valueEnd, line.Start + line.Length - valueEnd).TrimStart(" \t");
        return !rest.IsEmpty && rest[0] is '#' or ';';
    }

    private sealed record Materialized(
        Dictionary<string, ConfigValue> ByKey,
        IReadOnlyCollection<ConfigValue> Ordered,
        IReadOnlyList<ShadowedValue> Shadowed,
        IReadOnlyList<ConfigNote> Notes);
}
