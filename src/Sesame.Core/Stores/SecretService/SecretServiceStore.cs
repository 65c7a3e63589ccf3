using System.Security.Cryptography;
using Sesame.Core.Platform;

namespace Sesame.Core.Stores.SecretService;

/// <summary>
/// The freedesktop Secret Service (gnome-keyring, KeePassXC, KWallet's bridge) through libsecret's
/// <c>secret-tool</c>. Each secret is one item in the default collection with the attributes
/// <c>application=sesame</c>, <c>sesame-key=&lt;key&gt;</c>, <c>sesame-rev</c> (a revision) and
/// <c>sesame-meta</c> (the metadata as compact JSON): attributes are readable while the collection
/// is locked, so listings never unlock. A locked collection is reported, not
/// prompted for, when there is no desktop to show the keyring's own prompt.
/// </summary>
public sealed class SecretServiceStore : ISecretStore
{
    /// <summary>The backend name.</summary>
    public const string BackendName = "secret-service";

    private const string MetaAttribute = "sesame-meta";
    private static readonly string[] ItemAttributes = ["application", "sesame-key", "sesame-rev", MetaAttribute];
    private readonly HelperProgram _tool;
    private readonly IEnvironment _environment;

    /// <summary>Creates the store; nothing runs until first use.</summary>
    public SecretServiceStore(IEnvironment environment, IProcessRunner runner)
    {
        _environment = environment;
        _tool = new HelperProgram("secret-tool", environment, runner, "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY");
    }

    /// <inheritdoc />
    public string Backend => BackendName;

    /// <summary>
    /// Why this backend cannot be used here, or <c>null</c> when it can. Talks to D-Bus once
    /// (so it is only called by <c>sesame backends</c> and first-time auto-detection).
    /// </summary>
    public string? ProbeUnavailableReason()
    {
        if (_tool.Locate() is null)
        {
            return "'secret-tool' is not installed (apt-get install libsecret-tools)";
        }

        if (string.IsNullOrEmpty(_environment.GetVariable("DBUS_SESSION_BUS_ADDRESS"))
            && !(_environment.GetVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && File.Exists(Path.Combine(runtime, "bus"))))
        {
            return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): on a headless box start one with dbus-run-session, or use the file backend";
        }

        try
        {
            var result = _tool.Run(["search", "application", "sesame-probe"], timeout: TimeSpan.FromSeconds(10));
            return IsServiceError(result.StandardError) ? "no Secret Service answers on the D-Bus session bus: " + HelperProgram.FirstLine(result.StandardError) : null;
        }
        catch (SecretStoreException e)
        {
            return e.Message;
        }
    }

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ItemNames.ValidateKey(key);
        var result = _tool.Run(["lookup", "application", "sesame", "sesame-key", key]);
        if (result.ExitCode != 0)
        {
            if (string.IsNullOrWhiteSpace(result.StandardError))
            {
                // secret-tool says nothing both when the item is missing and when it is locked;
                // the attributes (readable while locked) tell the two apart.
                if (Search(key).Count == 0)
                {
                    return null;
                }

                throw Failure(result with { StandardError = "the item is in a locked collection" }, "read");
            }

            throw Failure(result, "read");
        }

        try
        {
            return Convert.FromBase64String(result.StandardOutput.Trim());
        }
        catch (FormatException)
        {
            throw new SecretStoreException(SecretStoreFailure.Corrupted, $"the keyring item for '{key}' was not written by Sesame or is damaged; remove it and add the secret again");
        }
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySpan<byte> secret, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ItemNames.ValidateKey(key);
        ItemNames.ValidateMetadata(metadata);
        var previous = Search(key).Select(i => i.Revision).ToList();
        var revision = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        List<string> arguments = ["store", "--label=Sesame: " + key, "application", "sesame", "sesame-key", key, "sesame-rev", revision, MetaAttribute, MetadataJson(metadata)];

        var result = _tool.Run(arguments, Convert.ToBase64String(secret));
        if (result.ExitCode != 0)
        {
            throw Failure(result, "write");
        }

        // Only now that the new item exists are the old revisions dropped: a failure above
        // leaves the previous secret in place.
        foreach (var old in previous)
        {
            _ = _tool.Run(["clear", "application", "sesame", "sesame-key", key, "sesame-rev", old]);
        }
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        ItemNames.ValidateKey(key);
        if (Search(key).Count == 0)
        {
            return false;
        }

        var result = _tool.Run(["clear", "application", "sesame", "sesame-key", key]);
        if (result.ExitCode != 0)
        {
            throw Failure(result, "remove");
        }

        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<SecretItemInfo> List(string? keyPrefix = null)
        => [.. Search(null)
            .Where(i => keyPrefix is null || i.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            .GroupBy(i => i.Key, StringComparer.Ordinal)
            .Select(g => new SecretItemInfo(g.Key, g.Last().Metadata))
            .OrderBy(i => i.Key, StringComparer.Ordinal)];

    private List<Found> Search(string? key)
    {
        List<string> arguments = ["search", "--all", "application", "sesame"];
        if (key is not null)
        {
            arguments.Add("sesame-key");
            arguments.Add(key);
        }

        var result = _tool.Run(arguments);
        if (result.ExitCode != 0 && !string.IsNullOrWhiteSpace(result.StandardError) && !result.StandardError.StartsWith("attribute.", StringComparison.Ordinal))
        {
            throw Failure(result, "list");
        }

        // secret-tool prints each item's label and (when unlocked) secret on stdout, and its
        // attributes on stderr, one "attribute.name = value" line each, item after item. Every
        // Sesame item has the same four attributes, so a name seen twice starts the next item.
        var found = new List<Found>();
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        void Flush()
        {
            if (current.TryGetValue("sesame-key", out var k))
            {
                found.Add(new Found(k, current.GetValueOrDefault("sesame-rev") ?? string.Empty, ParseMetadata(current.GetValueOrDefault(MetaAttribute))));
            }

            current = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        foreach (var line in result.StandardError.Split('\n'))
        {
            const string prefix = "attribute.";
            var separator = line.IndexOf(" = ", StringComparison.Ordinal);
            if (!line.StartsWith(prefix, StringComparison.Ordinal) || separator < 0)
            {
                continue;
            }

            var name = line[prefix.Length..separator];
            if (current.ContainsKey(name) || current.Count == ItemAttributes.Length)
            {
                Flush();
            }

            current[name] = line[(separator + 3)..];
        }

        Flush();
        return found;
    }

    private static string MetadataJson(IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Dictionary<string, string> ParseMetadata(string? json)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return metadata;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                metadata[property.Name] = property.Value.GetString() ?? string.Empty;
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Metadata damaged by another program: list the item without it.
        }

        return metadata;
    }

    private static bool IsServiceError(string error)
        => error.Contains("Cannot autolaunch", StringComparison.OrdinalIgnoreCase)
        || error.Contains("Could not connect", StringComparison.OrdinalIgnoreCase)
        || error.Contains("was not provided by any .service files", StringComparison.OrdinalIgnoreCase)
        || error.Contains("org.freedesktop.DBus.Error", StringComparison.OrdinalIgnoreCase);

    private static SecretStoreException Failure(Platform.ProcessResult result, string action)
    {
        var error = HelperProgram.FirstLine(result.StandardError).Replace("secret-tool: ", string.Empty, StringComparison.Ordinal);
        if (error.Contains("locked", StringComparison.OrdinalIgnoreCase))
        {
            return new SecretStoreException(SecretStoreFailure.Locked, $"the Secret Service keyring is locked, so Sesame could not {action} the secret ({error}); unlock it (log in to the desktop, or run 'gnome-keyring-daemon --unlock' and type the keyring password) or choose another backend with SESAME_BACKEND");
        }

        return IsServiceError(result.StandardError)
            ? new SecretStoreException(SecretStoreFailure.Unavailable, $"the Secret Service is unavailable ({error}); start a keyring daemon on the D-Bus session bus or choose another backend with SESAME_BACKEND (see 'sesame backends')")
            : new SecretStoreException(SecretStoreFailure.Failed, $"the Secret Service could not {action} the secret: {error}");
    }

    private sealed record Found(string Key, string Revision, Dictionary<string, string> Metadata);
}
