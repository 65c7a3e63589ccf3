using System.Text.Json;
using Sesame.Core.Platform;

namespace Sesame.Core.Stores;

/// <summary>
/// Plain-text metadata files beside backends that cannot keep metadata readable without
/// unlocking (<c>pass</c> encrypts whole entries; MSAL storage has no listing). One
/// <c>&lt;key&gt;.meta</c> JSON file per item, 0600, written atomically; never holds a secret.
/// </summary>
internal sealed class MetadataSidecar
{
    private const string Extension = ".meta";
    private readonly IFileSystem _fileSystem;

    public MetadataSidecar(IFileSystem fileSystem, string directory)
    {
        _fileSystem = fileSystem;
        Directory = directory;
    }

    public string Directory { get; }

    public string PathFor(string key) => Path.Combine(Directory, ItemNames.FileName(key) + Extension);

    public bool Exists(string key) => _fileSystem.FileExists(PathFor(key));

    public void Write(string key, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteStartObject("metadata");
            foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        _fileSystem.WriteAllBytesAtomic(PathFor(key), buffer.ToArray());
    }

    public void Delete(string key) => _fileSystem.DeleteFile(PathFor(key));

    public IReadOnlyList<SecretItemInfo> List(string? prefix)
    {
        var pattern = ItemNames.PrefixPattern(prefix, Extension);
        var result = new List<SecretItemInfo>();
        foreach (var path in _fileSystem.EnumerateFiles(Directory, pattern))
        {
            try
            {
                using var document = JsonDocument.Parse(_fileSystem.ReadAllBytes(path));
                var key = document.RootElement.GetProperty("key").GetString();
                if (key is null || (prefix is not null && !key.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.GetProperty("metadata").EnumerateObject())
                {
                    metadata[property.Name] = property.Value.GetString() ?? string.Empty;
                }

                result.Add(new SecretItemInfo(key, metadata));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException or UnsafeFileException)
            {
                // A damaged metadata file hides only its own item from listings.
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }
}
