namespace Sesame.Core.Aws.Wire;

/// <summary>Writes the small JSON bodies of SSO OIDC's requests.</summary>
internal static class JsonBody
{
    /// <summary>An object of the given string and string-list properties, in order; null values left out.</summary>
    public static byte[] Of(params (string Name, object? Value)[] properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                switch (value)
                {
                    case string text:
                        writer.WriteString(name, text);
                        break;
                    case IReadOnlyList<string> list:
                        writer.WriteStartArray(name);
                        foreach (var item in list)
                        {
                            writer.WriteStringValue(item);
                        }

                        writer.WriteEndArray();
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
