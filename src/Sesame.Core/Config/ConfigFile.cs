using System.Text;
using Sesame.Core.Errors;

namespace Sesame.Core.Config;

/// <summary>
/// One AWS config or credentials file, tokenized and checked, with its sections located but their
/// properties not yet materialized (that happens per section, on first use, so resolving one
/// profile in a 10,000-profile file costs one scan and not 10,000 dictionaries).
/// </summary>
public sealed partial class ConfigFile
{
    // Null for a file read by headers only (ParseValidated) until someone enumerates its sections.
    private List<SectionFragment>? _sections = [];

    // The decoded text; null for a validated file indexed over its bytes until something needs all of it.
    private string? _text;

    // The bytes of a file indexed over them (ParseValidated), after any BOM; they may
    // be a mapping of the file (IFileSystem.ReadContent), kept alive by this reference.
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly bool _byteIndexed;

    private ConfigFile(string path, ConfigFileKind kind, string text, bool hasBom)
    {
        Path = path;
        Kind = kind;
        _text = text;
        HasBom = hasBom;
    }

    private ConfigFile(string path, ConfigFileKind kind, ReadOnlyMemory<byte> bytes, bool hasBom)
    {
        Path = path;
        Kind = kind;
        _bytes = bytes;
        _byteIndexed = true;
        HasBom = hasBom;
    }

    /// <summary>The file's path as resolved from the environment.</summary>
    public string Path { get; }

    /// <summary>Config or credentials.</summary>
    public ConfigFileKind Kind { get; }

    /// <summary>The decoded text, without a byte-order mark.</summary>
    /// <remarks>A validated file is decoded only when this is first asked for (see ConfigFile.Index.cs).</remarks>
    public string Text => _text ?? DecodeWhole();

    // A byte-indexed file decoded whole: ASCII as it is (byte offsets stay character offsets); other UTF-8
    // (validation guaranteed it is valid) decoded, and the header index moved to character offsets.
    private string DecodeWhole()
    {
        if (UsesPersisted)
        {
            DropPersisted();
        }

        var bytes = _bytes.Span;
        if (Ascii.IsValid(bytes))
        {
            return _text = Encoding.Latin1.GetString(bytes);
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (_sections is null)
        {
            IndexCharactersOf(text);
        }

        return _text = text;
    }

    /// <summary>True when the file started with a UTF-8 byte-order mark.</summary>
    public bool HasBom { get; }

    /// <summary>Every section header of the file, in order.</summary>
    public IReadOnlyList<SectionFragment> Sections => _sections ??= MaterializeSections();

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
            text = TextDecoding.Decode(content, strict: true);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + content[..Math.Clamp(e.Index, 0, content.Length)].Count((byte)'\n');
            throw new ConfigParseException("the file is not valid UTF-8 text; save it as UTF-8", path, line);
        }

        return Parse(path, kind, text, hasBom);
    }

    /// <summary>
    /// Parses a file whose exact version already passed <see cref="Parse(string, ConfigFileKind, ReadOnlySpan{byte})"/>
    /// (see <see cref="ValidatedFiles"/>): only the section headers are located — a vectorised search
    /// for lines starting with '[' instead of classifying every line. Falls back to the full parse if
    /// anything looks different from what validation guarantees.
    /// </summary>
    public static ConfigFile ParseValidated(string path, ConfigFileKind kind, ReadOnlySpan<byte> content)
    {
        var hasBom = content.StartsWith("\uFEFF"u8);
        if (hasBom)
        {
            content = content[3..];
        }

        string text;
        try
        {
            text = TextDecoding.Decode(content, strict: true);
        }
        catch (DecoderFallbackException)
        {
            return Parse(path, kind, hasBom ? [.. "\uFEFF"u8, .. content] : content);
        }

        return HeadersOnly(path, kind, text, hasBom) ?? Parse(path, kind, text, hasBom);
    }

    /// <summary>
    /// <see cref="ParseValidated(string, ConfigFileKind, ReadOnlySpan{byte})"/> over the file's own buffer, which
    /// the result keeps: the file is indexed over its bytes and never decoded whole unless every section is
    /// enumerated (or the text is asked for), so a cache hit on a 100,000-profile file decodes only the sections it reads.
    /// </summary>
    public static ConfigFile ParseValidated(string path, ConfigFileKind kind, byte[] content) => ParseValidated(path, kind, content.AsMemory());

    /// <summary>
    /// <see cref="ParseValidated(string, ConfigFileKind, byte[])"/> over memory the result keeps (a buffer, or a
    /// mapping of the file: <see cref="Platform.IFileSystem.ReadContent"/>).
    /// </summary>
    public static ConfigFile ParseValidated(string path, ConfigFileKind kind, ReadOnlyMemory<byte> content)
    {
        // No whole-file ASCII check: a validated file is UTF-8, whose ASCII bytes (brackets, blanks, line
        // breaks) mean the same in any text, so headers are found over the bytes either way (on a 12 MB
        // file that check was the first and costliest pass over the pages).
        var hasBom = content.Span.StartsWith("\uFEFF"u8);
        var body = hasBom ? content[3..] : content;
        return HeadersOnly(path, kind, body, hasBom) ?? Parse(path, kind, content.Span);
    }

    /// <summary>Parses already decoded text.</summary>
    public static ConfigFile Parse(string path, ConfigFileKind kind, string text, bool hasBom = false)
    {
        var file = new ConfigFile(path, kind, text, hasBom);
        var headerLine = 0;
        var bodyStart = 0;
        SectionKey key = default;
        IniTokenizer.Validate(text, path, line =>
        {
            if (line.Kind != LineKind.SectionHeader)
            {
                return;
            }

            if (headerLine > 0)
            {
                file._sections!.Add(new SectionFragment(file, headerLine, bodyStart, line.Start, key));
            }

            headerLine = line.Number;
            bodyStart = line.End;
            key = SectionKey.Parse(text.AsSpan(line.AStart, line.ALength));
        });
        if (headerLine > 0)
        {
            file._sections!.Add(new SectionFragment(file, headerLine, bodyStart, text.Length, key));
        }

        return file;
    }

    /// <summary>Where line <paramref name="number"/> (1-based) is.</summary>
    public SourceLocation LocationOf(int number) => new(Path, number);
}

/// <summary>
/// One section header of a file and the text up to the next header. A class, not a struct: generic
/// collections of a struct defined here would be compiled at start-up instead of ahead of time.
/// </summary>
/// <param name="File">The file it is in.</param>
/// <param name="HeaderLine">1-based line number of the header.</param>
/// <param name="BodyStart">Offset of the first character after the header line.</param>
/// <param name="BodyEnd">Offset just past the section's last line.</param>
/// <param name="Key">The parsed header.</param>
public sealed record SectionFragment(ConfigFile File, int HeaderLine, int BodyStart, int BodyEnd, SectionKey Key);
