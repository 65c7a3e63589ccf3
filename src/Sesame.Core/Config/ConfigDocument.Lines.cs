namespace Sesame.Core.Config;

/// <summary>Line bookkeeping of <see cref="ConfigDocument"/>.</summary>
public sealed partial class ConfigDocument
{
    /// <summary>Indexes of the header lines of a section, honouring the <c>[profile default]</c> rule.</summary>
    private List<int> FindHeaders(SectionKind kind, string name)
    {
        var hidesDefault = false;
        if (Kind == ConfigFileKind.Config && kind == SectionKind.Profile && name == "default")
        {
            hidesDefault = _lines.Exists(l => l.Header is { IsPrefixedDefault: true });
        }

        var result = new List<int>();
        for (var i = 0; i < _lines.Count; i++)
        {
            if (_lines[i].Header is not { } header || header.Name != name)
            {
                continue;
            }

            if (header.Classify(Kind, out _) != kind || (hidesDefault && header.IsUnprefixedDefault))
            {
                continue;
            }

            result.Add(i);
        }

        return result;
    }

    /// <summary>Indexes of the property lines of <paramref name="key"/> (case-insensitive) in a section.</summary>
    private List<int> FindKey(SectionKind kind, string name, string key)
    {
        var result = new List<int>();
        foreach (var header in FindHeaders(kind, name))
        {
            for (var i = header + 1; i < _lines.Count && _lines[i].Kind != LineKind.SectionHeader; i++)
            {
                if (_lines[i].Kind == LineKind.Property && string.Equals(_lines[i].Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    result.Add(i);
                }
            }
        }

        return result;
    }

    /// <summary>The index just past the last header/property/continuation line of the section starting at <paramref name="header"/>.</summary>
    private int EndOfContent(int header)
    {
        var end = header + 1;
        for (var i = header + 1; i < _lines.Count && _lines[i].Kind != LineKind.SectionHeader; i++)
        {
            if (_lines[i].Kind is LineKind.Property or LineKind.Continuation)
            {
                end = i + 1;
            }
        }

        return end;
    }

    private void RemovePropertyAt(int index)
    {
        RemoveContinuations(index);
        _lines.RemoveAt(index);
    }

    private void RemoveContinuations(int propertyIndex)
    {
        // Continuations may be separated from their property by blank or comment lines; only the
        // continuation lines themselves are removed.
        var i = propertyIndex + 1;
        while (i < _lines.Count && _lines[i].Kind is LineKind.Continuation or LineKind.Blank or LineKind.Comment)
        {
            if (_lines[i].Kind == LineKind.Continuation)
            {
                _lines.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private void InsertLine(int index, DocLine line)
    {
        // Appending after a last line without a line ending: keep "no final newline" files that way.
        var keepNoFinalNewline = index == _lines.Count && index > 0 && _lines[index - 1].Eol.Length == 0;
        if (index > 0 && _lines[index - 1].Eol.Length == 0)
        {
            _lines[index - 1] = _lines[index - 1] with { Eol = Newline };
        }

        _lines.Insert(index, keepNoFinalNewline ? line with { Eol = string.Empty } : line);
    }

    private void EnsureTrailingNewline()
    {
        if (_lines.Count > 0 && _lines[^1].Eol.Length == 0)
        {
            _lines[^1] = _lines[^1] with { Eol = Newline };
        }
    }

    private string HeaderText(SectionKind kind, string name) => kind switch
    {
        SectionKind.Profile when Kind == ConfigFileKind.Credentials => $"[{name}]",
        SectionKind.Profile when name == "default" => "[default]",
        SectionKind.Profile => $"[profile {name}]",
        SectionKind.SsoSession => $"[sso-session {name}]",
        SectionKind.Services => $"[services {name}]",
        _ => throw new ArgumentException("unknown sections cannot be created", nameof(kind)),
    };

    private static void ValidateKey(string key)
    {
        if (!Identifiers.IsValid(key))
        {
            throw new ArgumentException($"'{key}' is not a valid key name", nameof(key));
        }
    }

    private static void ValidateValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("values cannot contain line breaks", nameof(value));
        }

        if (value.Length > 0 && (value[0] is ' ' or '\t' || value[^1] is ' ' or '\t'))
        {
            throw new ArgumentException("values cannot start or end with spaces (the AWS readers trim them)", nameof(value));
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or ';' && char.IsWhiteSpace(value[i - 1]))
            {
                throw new ArgumentException("values cannot contain ' #' or ' ;' (the AWS readers would cut the value there)", nameof(value));
            }
        }
    }

    /// <summary>One line as written, with what the parser found in it.</summary>
    private sealed record DocLine(string Text, string Eol, LineKind Kind, SectionKey? Header, string? Key, int ValueStart, int ValueLength);
}
