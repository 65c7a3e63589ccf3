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
}
