using System.Text;
using Sesame.Core.Platform;

namespace Sesame.Core.Config;

/// <summary>
/// An editable AWS config or credentials file that keeps every byte it is not asked to change:
/// comments, blank lines, order, spacing, line endings (CRLF stays CRLF) and the byte-order mark.
/// Edits address sections by kind and name, as the AWS rules read them; new lines use the file's
/// own line ending.
/// </summary>
public sealed partial class ConfigDocument
{
    private readonly List<DocLine> _lines;

    private ConfigDocument(ConfigFileKind kind, List<DocLine> lines, bool hasBom, string newline)
    {
        Kind = kind;
        _lines = lines;
        HasBom = hasBom;
        Newline = newline;
    }

    /// <summary>Config or credentials: decides how section headers are written.</summary>
    public ConfigFileKind Kind { get; }

    /// <summary>True when the file started with a byte-order mark (it is kept).</summary>
    public bool HasBom { get; }

    /// <summary>The line ending used for new lines: the file's first one, else "\n".</summary>
    public string Newline { get; }

    /// <summary>An empty document.</summary>
    public static ConfigDocument CreateEmpty(ConfigFileKind kind) => new(kind, [], false, "\n");

    /// <summary>Parses bytes (checking structure, like any reader would).</summary>
    public static ConfigDocument Parse(string path, ConfigFileKind kind, ReadOnlySpan<byte> content)
        => FromFile(ConfigFile.Parse(path, kind, content));

    /// <summary>Builds a document from a parsed file.</summary>
    public static ConfigDocument FromFile(ConfigFile file)
    {
        var tokens = IniTokenizer.Tokenize(file.Text, file.Path);
        var lines = new List<DocLine>(tokens.Length);
        string? newline = null;
        SectionKey? header = null;
        foreach (var token in tokens)
        {
            var text = file.Text.Substring(token.Start, token.Length);
            var eol = file.Text.Substring(token.Start + token.Length, token.EolLength);
            newline ??= eol.Length > 0 ? eol : null;
            string? key = null;
            if (token.Kind == LineKind.SectionHeader)
            {
                header = SectionKey.Parse(file.Text.AsSpan(token.AStart, token.ALength));
            }
            else if (token.Kind == LineKind.Property)
            {
                key = file.Text.Substring(token.AStart, token.ALength);
            }

            lines.Add(new DocLine(text, eol, token.Kind, token.Kind == LineKind.SectionHeader ? header : null, key, token.BStart - token.Start, token.BLength));
        }

        return new ConfigDocument(file.Kind, lines, file.HasBom, newline ?? "\n");
    }

    /// <summary>Loads a file, or starts an empty document when it does not exist.</summary>
    internal static ConfigDocument Load(IFileSystem fileSystem, string path, ConfigFileKind kind)
        => fileSystem.FileExists(path) ? Parse(path, kind, fileSystem.ReadAllBytes(path)) : CreateEmpty(kind);

    /// <summary>The document's text (without the byte-order mark).</summary>
    public string Text
    {
        get
        {
            var builder = new StringBuilder();
            foreach (var line in _lines)
            {
                builder.Append(line.Text).Append(line.Eol);
            }

            return builder.ToString();
        }
    }

    /// <summary>The bytes to write: UTF-8, with the byte-order mark if the file had one.</summary>
    public byte[] ToBytes()
    {
        var text = Encoding.UTF8.GetBytes(Text);
        return HasBom ? [.. "\uFEFF"u8, .. text] : text;
    }

    /// <summary>
    /// Writes the document atomically as the user's own file (<see cref="IFileSystem.WriteUserFileAtomic"/>):
    /// an existing file keeps its read bits, a new one is 0600, a link the user owns stays a link.
    /// </summary>
    internal void Save(IFileSystem fileSystem, string path) => fileSystem.WriteUserFileAtomic(path, ToBytes());

    /// <summary>True when the document has a section of this kind and name.</summary>
    public bool HasSection(SectionKind kind, string name) => FindHeaders(kind, name).Count > 0;

    /// <summary>
    /// Sets <paramref name="key"/> in the section, creating the section at the end of the file when
    /// it is missing. An existing key keeps its spelling, spacing and any trailing comment: only the
    /// value's characters change. When the key occurs more than once, the effective (last) one is
    /// changed and the others are removed, so the file says one thing.
    /// </summary>
    public void SetValue(SectionKind kind, string name, string key, string value)
    {
        ValidateKey(key);
        ValidateValue(value);
        var occurrences = FindKey(kind, name, key);
        if (occurrences.Count > 0)
        {
            var last = occurrences[^1];
            var line = _lines[last];
            var before = line.Text[..line.ValueStart];
            var after = line.Text[(line.ValueStart + line.ValueLength)..];
            if (line.ValueLength == 0)
            {
                // "key =" or "key = # note": put the value after one space, keep the comment apart.
                before = before.TrimEnd(' ', '\t') + " ";
                after = after.Length > 0 ? " " + after.TrimStart(' ', '\t') : after;
            }

            var newText = before + value + after;
            RemoveContinuations(last);
            _lines[last] = line with { Text = newText, ValueStart = before.Length, ValueLength = value.Length };
            for (var i = occurrences.Count - 2; i >= 0; i--)
            {
                RemovePropertyAt(occurrences[i]);
            }

            return;
        }

        var headers = FindHeaders(kind, name);
        if (headers.Count == 0)
        {
            AddSection(kind, name);
            headers = FindHeaders(kind, name);
        }

        var insertAt = EndOfContent(headers[^1]);
        InsertLine(insertAt, new DocLine($"{key} = {value}", Newline, LineKind.Property, null, key, key.Length + 3, value.Length));
    }

    /// <summary>Removes every occurrence of <paramref name="key"/> in the section. Returns true if any was removed.</summary>
    public bool RemoveValue(SectionKind kind, string name, string key)
    {
        var occurrences = FindKey(kind, name, key);
        for (var i = occurrences.Count - 1; i >= 0; i--)
        {
            RemovePropertyAt(occurrences[i]);
        }

        return occurrences.Count > 0;
    }

    /// <summary>The effective value of a key in this document, or <c>null</c>.</summary>
    public string? GetValue(SectionKind kind, string name, string key)
    {
        var occurrences = FindKey(kind, name, key);
        if (occurrences.Count == 0)
        {
            return null;
        }

        var line = _lines[occurrences[^1]];
        return line.Text.Substring(line.ValueStart, line.ValueLength);
    }

    /// <summary>Appends an empty section at the end of the file (separated by a blank line) if it is missing.</summary>
    public void AddSection(SectionKind kind, string name)
    {
        if (HasSection(kind, name))
        {
            return;
        }

        if (!Identifiers.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid section name", nameof(name));
        }

        EnsureTrailingNewline();
        if (_lines.Count > 0 && _lines[^1].Kind != LineKind.Blank)
        {
            _lines.Add(new DocLine(string.Empty, Newline, LineKind.Blank, null, null, 0, 0));
        }

        var header = HeaderText(kind, name);
        _lines.Add(new DocLine(header, Newline, LineKind.SectionHeader, SectionKey.Parse(header[1..^1]), null, 0, 0));
    }

    /// <summary>
    /// Removes every section of this kind and name: its header, settings and the comments between
    /// them, and the comment lines directly above its header (no blank line between: they describe
    /// it). Comments after its last setting are kept (they usually describe what follows).
    /// Returns true if a section was removed.
    /// </summary>
    public bool RemoveSection(SectionKind kind, string name)
    {
        var headers = FindHeaders(kind, name);
        for (var h = headers.Count - 1; h >= 0; h--)
        {
            var start = headers[h];
            var end = EndOfContent(start);
            while (start > 0 && _lines[start - 1].Kind == LineKind.Comment)
            {
                start--;
            }

            _lines.RemoveRange(start, end - start);

            // Avoid leaving two blank lines where the section was, or a blank line that separated it from the one before at the end of the file.
            if (start < _lines.Count && _lines[start].Kind == LineKind.Blank && (start == 0 || _lines[start - 1].Kind == LineKind.Blank))
            {
                _lines.RemoveAt(start);
            }
            else if (start == _lines.Count && start > 0 && _lines[start - 1].Kind == LineKind.Blank)
            {
                _lines.RemoveAt(start - 1);
            }
        }

        return headers.Count > 0;
    }

    /// <summary>Renames every section of this kind from <paramref name="oldName"/> to <paramref name="newName"/>, keeping the rest of each header line.</summary>
    public bool RenameSection(SectionKind kind, string oldName, string newName)
    {
        if (!Identifiers.IsValid(newName))
        {
            throw new ArgumentException($"'{newName}' is not a valid section name", nameof(newName));
        }

        if (HasSection(kind, newName))
        {
            throw new InvalidOperationException($"a section named '{newName}' already exists");
        }

        var headers = FindHeaders(kind, oldName);
        foreach (var index in headers)
        {
            var line = _lines[index];
            if (kind == SectionKind.Profile && Kind == ConfigFileKind.Config && line.Header!.Value.IsUnprefixedDefault)
            {
                // [default] can only be renamed by writing the new name with its prefix.
                var replaced = line.Text.Replace("[default]", HeaderText(kind, newName), StringComparison.Ordinal);
                _lines[index] = line with { Text = replaced, Header = new SectionKey(SectionKey.ProfilePrefix, newName) };
                continue;
            }

            var close = line.Text.IndexOf(']', StringComparison.Ordinal);
            var nameAt = line.Text.LastIndexOf(oldName, close, StringComparison.Ordinal);
            var text = string.Concat(line.Text.AsSpan(0, nameAt), newName, line.Text.AsSpan(nameAt + oldName.Length));
            _lines[index] = line with { Text = text, Header = line.Header!.Value with { Name = newName } };
        }

        return headers.Count > 0;
    }

    /// <summary>Names of the sections of a kind, in file order (a name appears once).</summary>
    public IReadOnlyList<string> SectionNames(SectionKind kind)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in _lines)
        {
            if (line.Header is { } header && header.Classify(Kind, out _) == kind && seen.Add(header.Name))
            {
                names.Add(header.Name);
            }
        }

        return names;
    }
}
