using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sesame.Cli.Output;

/// <summary>Writes JSON with <see cref="Utf8JsonWriter"/> (no reflection, trimming-safe).</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Output is for terminals and jq, not HTML: keep '+', '<', non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON document followed by a newline.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            body(writer);
        }

        if (ReferenceEquals(output, Console.Out))
        {
            // The process's own standard output: the UTF-8 bytes as they are. Going through the TextWriter
            // would decode them to a string and encode them again (for `list --json` on 100,000 profiles,
            // 15 MB each way).
            output.Flush();
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(buffer.WrittenSpan);
            stdout.Write("\n"u8);
            stdout.Flush();
            return;
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }

    /// <summary>Writes a string property, or null when the value is null.</summary>
    public static void WriteNullable(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
