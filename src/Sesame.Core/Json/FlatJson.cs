using System.Text;
using System.Text.Json;

namespace Sesame.Core.Json;

/// <summary>
/// A flat JSON object read with <see cref="Utf8JsonReader"/>: the top-level properties whose values
/// are strings, numbers, booleans or null. Nested objects and arrays are skipped. Used for the small
/// documents credential helpers and metadata endpoints answer with (credential_process output,
/// container and instance-metadata credentials, the IAM Identity Center token cache), so that the
/// hot path needs no reflection-based serializer.
/// </summary>
internal sealed class FlatJson
{
    private readonly Dictionary<string, (JsonTokenType Type, string? Text)> _values;

    private FlatJson(Dictionary<string, (JsonTokenType, string?)> values) => _values = values;

    /// <summary>
    /// Parses <paramref name="utf8"/>. Throws <see cref="InvalidJsonException"/> (with a position,
    /// never the content, which may hold secrets) when it is not exactly one JSON object.
    /// </summary>
    public static FlatJson Parse(ReadOnlySpan<byte> utf8)
    {
        // Helpers written on Windows may start with a byte-order mark.
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var values = new Dictionary<string, (JsonTokenType, string?)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidJsonException("it is not a JSON object", reader.BytesConsumed);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                values[name] = reader.TokenType switch
                {
                    JsonTokenType.String => (JsonTokenType.String, reader.GetString()),
                    JsonTokenType.Number => (JsonTokenType.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
                    JsonTokenType.True => (JsonTokenType.True, "true"),
                    JsonTokenType.False => (JsonTokenType.False, "false"),
                    JsonTokenType.Null => (JsonTokenType.Null, null),
                    _ => Skipped(ref reader),
                };
            }

            // Anything but whitespace after the object makes Read throw.
            if (reader.Read())
            {
                throw new InvalidJsonException("there is more text after the JSON object", reader.BytesConsumed);
            }
        }
        catch (JsonException e)
        {
            // JsonException's own message can quote the offending text; report the position only.
            throw new InvalidJsonException($"it is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})", 0, e);
        }
        catch (InvalidOperationException e)
        {
            // GetString on a string with invalid UTF-8 ("cannot transcode") throws this, not JsonException.
            throw new InvalidJsonException($"it is not valid UTF-8 (near byte {reader.BytesConsumed + 1})", reader.BytesConsumed, e);
        }

        return new FlatJson(values);
    }

    /// <summary>True when the property is present (even with a null value).</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The JSON type of a property, or <see cref="JsonTokenType.None"/> when absent.</summary>
    public JsonTokenType TypeOf(string name) => _values.TryGetValue(name, out var value) ? value.Type : JsonTokenType.None;

    /// <summary>The value of a string property, or <c>null</c> when absent, null or not a string.</summary>
    public string? GetString(string name)
        => _values.TryGetValue(name, out var value) && value.Type == JsonTokenType.String ? value.Text : null;

    /// <summary>The raw text of a number property, or <c>null</c>.</summary>
    public string? GetNumberText(string name)
        => _values.TryGetValue(name, out var value) && value.Type == JsonTokenType.Number ? value.Text : null;

    private static (JsonTokenType, string?) Skipped(ref Utf8JsonReader reader)
    {
        var type = reader.TokenType;
        reader.Skip();
        return (type, null);
    }
}

/// <summary>A document that is not the expected JSON object. The message never quotes the document.</summary>
internal sealed class InvalidJsonException : Exception
{
    public InvalidJsonException(string reason, long position, Exception? inner = null)
        : base(reason, inner) => Position = position;

    /// <summary>The byte offset where reading stopped.</summary>
    public long Position { get; }
}
