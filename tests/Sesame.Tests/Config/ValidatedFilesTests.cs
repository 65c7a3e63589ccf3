using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Config;

public sealed class ValidatedFilesTests
{
    [Fact]
    public void A_validated_version_is_remembered_and_any_edit_is_validated_again()
    {
        using var home = new TempDirectory();
        var config = home.Write(".aws/config", "[profile a]\nregion = x\n");
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = home.Path });
        var validated = new ValidatedFiles(PhysicalFileSystem.Instance, home.Combine("cache", "validated"));
        var loader = new ConfigLoader(PhysicalFileSystem.Instance, environment);

        Assert.Equal("x", loader.Load(validated).GetProfile("a")!.GetString("region"));
        var stamp = PhysicalFileSystem.Instance.GetStamp(config)!.Value;
        Assert.True(new ValidatedFiles(PhysicalFileSystem.Instance, home.Combine("cache", "validated")).Contains(config, stamp));

        // A broken edit is caught although the previous version was validated.
        File.WriteAllText(config, "[profile a]\nregion = x\n[profile broken\n");
        var error = Assert.Throws<ConfigParseException>(() => loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, home.Combine("cache", "validated"))));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Only_well_formed_lines_of_the_list_count_and_paths_keep_tabs_and_spaces()
    {
        using var home = new TempDirectory();
        var list = home.Combine("cache", "validated");
        home.Write("cache/validated", "12\t34\t/a b/config\n"
            + "x\t34\t/bad-length\n"
            + "12\t3x\t/bad-ticks\n"
            + "12\t34\n"
            + "\n"
            + "-1\t34\t/negative\n"
            + "1234567890123456789\t1\t/too-long\n"
            + "5\t6\t/with\ttab\n");
        var validated = new ValidatedFiles(PhysicalFileSystem.Instance, list);

        Assert.True(validated.Contains("/a b/config", new FileStamp(12, 34)));
        Assert.True(validated.Contains("/with\ttab", new FileStamp(5, 6)));
        Assert.False(validated.Contains("/a b/config", new FileStamp(12, 35)));
        foreach (var rejected in new[] { "/bad-length", "/bad-ticks", "/negative", "/too-long" })
        {
            Assert.False(validated.Contains(rejected, new FileStamp(12, 34)));
        }

        // Adding rewrites the list with the entries it understood, and reads back the same.
        validated.Add("/new", new FileStamp(1, 2));
        var reread = new ValidatedFiles(PhysicalFileSystem.Instance, list);
        Assert.True(reread.Contains("/new", new FileStamp(1, 2)));
        Assert.True(reread.Contains("/with\ttab", new FileStamp(5, 6)));
        Assert.DoesNotContain("bad-length", File.ReadAllText(list), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_reading_gives_the_same_profiles_as_the_full_parse()
    {
        var text = "# c\r\n[default]\r\nregion = a\r\n\r\n[profile b] ; note\r\nrole_arn = r\r\n  x\r\n[sso-session s]\r\nsso_region = eu\r\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var full = ProfileSet.Build(ConfigFile.Parse("c", ConfigFileKind.Config, bytes), null);
        var fast = ProfileSet.Build(ConfigFile.ParseValidated("c", ConfigFileKind.Config, bytes), null);
        Assert.Equal(full.ProfileNames, fast.ProfileNames);
        Assert.Equal(full.GetProfile("b")!.Get("role_arn")!.Location, fast.GetProfile("b")!.Get("role_arn")!.Location);
        Assert.Equal("eu", fast.GetSsoSession("s")!.GetString("sso_region"));
    }

    [Fact]
    public void A_read_only_list_is_trusted_for_reading_but_never_written()
    {
        using var home = new TempDirectory();
        var config = home.Write(".aws/config", "[profile a]\nregion = x\n");
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = home.Path });
        var list = home.Combine("cache", "validated");
        var loader = new ConfigLoader(PhysicalFileSystem.Instance, environment);

        // Not validated yet: read in full, and the list stays unwritten.
        Assert.Equal("x", loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, list) { ReadOnly = true }).GetProfile("a")!.GetString("region"));
        Assert.False(File.Exists(list));

        // Validated by a writer: a read-only reader trusts it (indexed by its headers) and leaves the list as it was.
        loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, list));
        var written = File.ReadAllBytes(list);
        var profiles = loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, list) { ReadOnly = true });
        Assert.True(profiles.ConfigFile!.IsIndexed);
        Assert.Equal("x", profiles.GetProfile("a")!.GetString("region"));
        File.WriteAllText(config, "[profile a]\nregion = y\n[profile b]\n");
        Assert.Equal(2, loader.Load(new ValidatedFiles(PhysicalFileSystem.Instance, list) { ReadOnly = true }).ProfileNames.Count);
        Assert.Equal(written, File.ReadAllBytes(list));
    }

    [Fact]
    public void Header_only_reading_of_a_file_beyond_ascii_gives_the_same_profiles_and_reindexes_when_decoded_whole()
    {
        // UTF-8 beyond ASCII in a comment, an (ignored) section name and values: byte offsets are not character offsets.
        var text = "# caf\u00e9 \u00e9\n[profile caf\u00e9]\nregion = x\n[profile a]\nregion = \u00e9u\n\n[profile b]\nregion = r\u00e9gion\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var full = ProfileSet.Build(ConfigFile.Parse("c", ConfigFileKind.Config, bytes), null);
        var file = ConfigFile.ParseValidated("c", ConfigFileKind.Config, bytes);
        var fast = ProfileSet.Build(file, null);

        // Looked up one by one: each section is decoded alone, from its own bytes.
        Assert.Equal("\u00e9u", fast.GetProfile("a")!.GetString("region"));
        Assert.Equal("r\u00e9gion", fast.GetProfile("b")!.GetString("region"));
        Assert.Equal(full.GetProfile("b")!.Get("region")!.Location, fast.GetProfile("b")!.Get("region")!.Location);
        Assert.Null(fast.GetProfile("caf\u00e9"));
        Assert.True(file.IsIndexed);

        // Decoded whole: the sections are those of the full parse, at character offsets.
        Assert.Equal(
            full.ConfigFile!.Sections.Select(f => (f.HeaderLine, f.BodyStart, f.BodyEnd, f.Key)),
            file.Sections.Select(f => (f.HeaderLine, f.BodyStart, f.BodyEnd, f.Key)));
        Assert.Equal(full.ProfileNames, ProfileSet.Build(file, null).ProfileNames);
    }
}
