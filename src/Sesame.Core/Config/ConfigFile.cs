using System.Text;
using Sesame.Core.Errors;

namespace Sesame.Core.Config;

/// <summary>
/// One AWS config or credentials file, tokenized and checked, with its sections located but their
/// properties not yet materialized (that happens per section, on first use, so resolving one
/// profile in a 10,000-profile file costs one scan and not 10,000 dictionaries).
/// </summary>
public sealed class ConfigFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ConfigFile(string path, ConfigFileKind kind, string text, bool hasBom, IniLine[] lines, SectionFragment[] sections)
    {
        Path = path;
        Kind = kind;
        Text = text;
        HasBom = hasBom;
        Lines = lines;
        Sections = sections;
    }

    /// <summary>The file's path as resolved from the environment.</summary>
    public string Path { get; }

    /// <summary>Config or credentials.</summary>
    public ConfigFileKind Kind { get; }

    /// <summary>The decoded text, without a byte-order mark.</summary>
    public string Text { get; }

    /// <summary>True when the file started with a UTF-8 byte-order mark.</summary>
    public bool HasBom { get; }

    /// <summary>Every line of the file.</summary>
    public IReadOnlyList<IniLine> Lines { get; }

    /// <summary>Every section header of the file, in order.</summary>
    public IReadOnlyList<SectionFragment> Sections { get; }

    /// <summary>
    /// Parses a file's bytes. Invalid UTF-8 is an error (botocore refuses such files too, and
    /// editing them could not keep every byte).
    /// </summary>
    public static ConfigFile Parse(string path, ConfigFileKind kind, ReadOnlySpan<byte> content)
    {
        var hasBom = content.StartsWith("\uFEFF"u8);
        if (hasBom)
        {
            content = content[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + content[..Math.Clamp(e.Index, 0, content.Length)].Count((byte)'\n');
            throw new ConfigParseException("the file is not valid UTF-8 text; save it as UTF-8", path, line);
        }

        return Parse(path, kind, text, hasBom);
    }

    /// <summary>Parses already decoded text.</summary>
    public static ConfigFile Parse(string path, ConfigFileKind kind, string text, bool hasBom = false)
    {
        var lines = IniTokenizer.Tokenize(text, path);
        var sections = new List<SectionFragment>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Kind != LineKind.SectionHeader)
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Length && lines[end].Kind != LineKind.SectionHeader)
            {
                end++;
            }

            var inner = text.Substring(lines[i].AStart, lines[i].ALength);
            sections.Add(new SectionFragment(i, end, SectionKey.Parse(inner)));
        }

        return new ConfigFile(path, kind, text, hasBom, lines, [.. sections]);
    }

    /// <summary>The text of a line, without its line terminator.</summary>
    public string LineText(int index) => Text.Substring(Lines[index].Start, Lines[index].Length);

    /// <summary>Where line <paramref name="index"/> (0-based) is.</summary>
    public SourceLocation LocationOf(int index) => new(Path, index + 1);
}

/// <summary>
/// One section header of a file and the lines up to the next header.
/// </summary>
/// <param name="HeaderLine">0-based index of the header line.</param>
/// <param name="EndLine">0-based index just past the section's last line.</param>
/// <param name="Key">The parsed header.</param>
public readonly record struct SectionFragment(int HeaderLine, int EndLine, SectionKey Key);
