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

    /// <summary>
    /// Writes one JSON array of <paramref name="items"/> followed by a newline, streamed: on the process's own
    /// standard output it is written out every few hundred items instead of being built whole first (for
    /// <c>list --json</c> on 100,000 profiles, 15 MB less to hold and to copy as the buffer grows).
    /// </summary>
    public static void WriteArray<T>(TextWriter output, IEnumerable<T> items, Action<Utf8JsonWriter, T> item)
    {
        if (!ReferenceEquals(output, Console.Out))
        {
            Write(output, writer =>
            {
                writer.WriteStartArray();
                foreach (var value in items)
                {
                    item(writer, value);
                }

                writer.WriteEndArray();
            });
            return;
        }

        output.Flush();
        using var stdout = Console.OpenStandardOutput();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            foreach (var value in items)
            {
                item(writer, value);
                if (writer.BytesPending + buffer.WrittenCount >= 48 * 1024)
                {
                    writer.Flush();
                    stdout.Write(buffer.WrittenSpan);
                    buffer.ResetWrittenCount();
                }
            }

            writer.WriteEndArray();
        }

        stdout.Write(buffer.WrittenSpan);
        stdout.Write("\n"u8);
        stdout.Flush();
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
