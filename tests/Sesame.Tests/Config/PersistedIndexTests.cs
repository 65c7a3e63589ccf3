using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Config;

/// <summary>
/// The header index of a large validated config kept on disk (ConfigFile.Persisted.cs): written once per
/// version, used only for that version, and giving exactly what the full parse gives; an index that does
/// not fit is never trusted.
/// </summary>
public sealed class PersistedIndexTests : IDisposable
{
    private readonly TempDirectory _home = new("sesame-index");
    private readonly TestEnvironment _environment;
    private readonly string _list;

    public PersistedIndexTests()
    {
        _environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _home.Path });
        _list = _home.Combine("cache", "validated-configs");
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void A_large_validated_config_gets_an_index_on_disk_that_gives_what_the_full_parse_gives()
    {
        var config = _home.Write(".aws/config", LargeConfig());
        var loader = new ConfigLoader(PhysicalFileSystem.Instance, _environment);
        var full = loader.Load();

        loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, _list));
        var validated = new ValidatedFiles(PhysicalFileSystem.Instance, _list);
        Assert.True(File.Exists(validated.IndexPathFor(config)));
        var fast = loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, _list));

        Assert.True(fast.ConfigFile!.UsesPersistedIndex);
        foreach (var name in new[] { "p0", "p7", "p4999", "p9999", "twice", "default", "nope" })
        {
            Assert.Equal(Describe(full.GetProfile(name)), Describe(fast.GetProfile(name)));
        }

        Assert.Equal(Describe(full.GetSsoSession("org")), Describe(fast.GetSsoSession("org")));
        Assert.True(fast.ConfigFile!.UsesPersistedIndex);

        // Everything enumerated: the file is scanned after all, and agrees.
        Assert.Equal(full.ProfileNames, fast.ProfileNames);
        Assert.False(fast.ConfigFile!.UsesPersistedIndex);
    }

    [Fact]
    public void An_index_of_another_version_or_that_does_not_fit_the_bytes_is_not_trusted()
    {
        var config = _home.Write(".aws/config", LargeConfig());
        var loader = new ConfigLoader(PhysicalFileSystem.Instance, _environment);
        loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, _list));
        var indexPath = new ValidatedFiles(PhysicalFileSystem.Instance, _list).IndexPathFor(config);
        var index = File.ReadAllBytes(indexPath);
        var content = File.ReadAllBytes(config);
        var stamp = PhysicalFileSystem.Instance.GetStamp(config)!.Value;

        // Another version (size or time), another path, a truncated index: not used.
        Assert.Null(ConfigFile.FromPersistedIndex(config, ConfigFileKind.Config, content, stamp with { LastWriteTicks = stamp.LastWriteTicks + 1 }, index));
        Assert.Null(ConfigFile.FromPersistedIndex(config + "x", ConfigFileKind.Config, content, stamp, index));
        Assert.Null(ConfigFile.FromPersistedIndex(config, ConfigFileKind.Config, content, stamp, index.AsMemory(0, index.Length - 3)));

        // Entries pointing into the middle of lines: the lookup scans the file instead and still finds the truth.
        var broken = (byte[])index.Clone();
        var entries = broken.Length - (BitConverter.ToInt32(index, 28) * 16);
        for (var at = entries; at < broken.Length; at += 16)
        {
            BitConverter.TryWriteBytes(broken.AsSpan(at + 4), BitConverter.ToInt32(broken, at + 4) + 3);
        }

        var file = ConfigFile.FromPersistedIndex(config, ConfigFileKind.Config, content, stamp, broken)!;
        var profiles = ProfileSet.Build(file, null);
        Assert.Equal("eu-west-1", profiles.GetProfile("p9999")!.GetString("region"));
        Assert.False(file.UsesPersistedIndex);

        // And a load with a garbage index file reads the config by scanning it (and writes a good index again).
        File.WriteAllBytes(indexPath, Encoding.ASCII.GetBytes("not an index"));
        Assert.Equal("eu-west-1", loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, _list)).GetProfile("p9999")!.GetString("region"));
        Assert.Equal(index, File.ReadAllBytes(indexPath));
    }

    [Fact]
    public void A_read_only_reader_writes_no_index()
    {
        var config = _home.Write(".aws/config", LargeConfig());
        var loader = new ConfigLoader(PhysicalFileSystem.Instance, _environment);
        loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, _list) { ReadOnly = true });

        Assert.False(File.Exists(new ValidatedFiles(PhysicalFileSystem.Instance, _list).IndexPathFor(config)));
    }

    // 10,000 profiles (about 400 KB), one of them written twice, [profile default] after [default], an sso-session.
    private static string LargeConfig()
    {
        var text = new StringBuilder("# generated\n[default]\nregion = us-east-1\n\n[profile default]\nregion = eu-central-1\n\n[profile twice]\nregion = a\n");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("[profile p").Append(i).Append("]\nregion = eu-west-1\noutput = json\n\n");
        }

        text.Append("[profile twice]\noutput = text\n[sso-session org]\nsso_region = eu-west-1\n");
        return text.ToString();
    }

    private static string? Describe(ConfigSection? section)
        => section is null ? null : string.Join("; ", section.Headers.Select(h => h.ToString()).Concat(section.Values.Select(v => $"{v.Key}={v.Value}@{v.Location}")));
}
