using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sesame.Core.Aws.Wire;

/// <summary>
/// A JSON value of an IAM Identity Center answer, read with <see cref="Utf8JsonReader"/> into a small
/// tree: an object's properties, an array's items, or a scalar's text. The answers are a few hundred
/// bytes, so a tree is simpler than streaming and needs no serializer.
/// </summary>
internal sealed class AwsJsonValue
{
    private static readonly AwsJsonValue Missing = new(JsonTokenType.None, null, null, null);

    private readonly Dictionary<string, AwsJsonValue>? _properties;
    private readonly List<AwsJsonValue>? _items;
    private readonly string? _text;

    private AwsJsonValue(JsonTokenType type, string? text, Dictionary<string, AwsJsonValue>? properties, List<AwsJsonValue>? items)
    {
        Type = type;
        _text = text;
        _properties = properties;
        _items = items;
    }

    /// <summary>The value's kind (<see cref="JsonTokenType.None"/> for a property that is not there).</summary>
    public JsonTokenType Type { get; }

    /// <summary>A property of an object (a value of type None when absent or when this is not an object).</summary>
    public AwsJsonValue this[string name] => _properties is not null && _properties.TryGetValue(name, out var value) ? value : Missing;

    /// <summary>An array's items (empty for anything else).</summary>
    public IReadOnlyList<AwsJsonValue> Items => (IReadOnlyList<AwsJsonValue>?)_items ?? [];

    /// <summary>A string's value, or <c>null</c> for anything else.</summary>
    public string? String => Type == JsonTokenType.String ? _text : null;

    /// <summary>A whole number's value, or <c>null</c> for anything else.</summary>
    public long? Int64 => Type == JsonTokenType.Number && long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        ? value
        : Type == JsonTokenType.Number && double.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? (long)real : null;

    /// <summary>Parses one JSON value; <see cref="FormatException"/> (never quoting the text, which may hold secrets) when it is not one.</summary>
    public static AwsJsonValue Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
        try
        {
            if (!reader.Read())
            {
                throw new FormatException("the answer is empty");
            }

            var value = Read(ref reader);
            return reader.Read() ? throw new FormatException("there is more text after the JSON value") : value;
        }
        catch (JsonException e)
        {
            throw new FormatException($"the answer is not valid JSON (byte {(e.BytePositionInLine ?? 0) + 1})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("the answer is not valid UTF-8", e);
        }
    }

    private static AwsJsonValue Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new Dictionary<string, AwsJsonValue>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    properties[name] = Read(ref reader);
                }

                return new AwsJsonValue(JsonTokenType.StartObject, null, properties, null);
            case JsonTokenType.StartArray:
                var items = new List<AwsJsonValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader));
                }

                return new AwsJsonValue(JsonTokenType.StartArray, null, null, items);
            case JsonTokenType.String:
                return new AwsJsonValue(JsonTokenType.String, reader.GetString(), null, null);
            case JsonTokenType.Number:
                return new AwsJsonValue(JsonTokenType.Number, Encoding.UTF8.GetString(reader.ValueSpan), null, null);
            default:
                return new AwsJsonValue(reader.TokenType, null, null, null);
        }
    }
}
