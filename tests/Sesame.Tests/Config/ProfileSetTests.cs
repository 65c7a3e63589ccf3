using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Errors;

namespace Sesame.Tests.Config;

public sealed class ProfileSetTests
{
    private static ProfileSet Build(string config, string? credentials = null)
        => ProfileSet.Build(
            ConfigFile.Parse("/h/.aws/config", ConfigFileKind.Config, config),
            credentials is null ? null : ConfigFile.Parse("/h/.aws/credentials", ConfigFileKind.Credentials, credentials));

    [Fact]
    public void Every_setting_remembers_its_file_and_line()
    {
        var set = Build("# c\n[profile a]\nregion = x\n\n[profile b]\nrole_arn = r\n", "[a]\naws_access_key_id = AKIA1\n");
        Assert.Equal(new SourceLocation("/h/.aws/config", 3), set.GetProfile("a")!.Get("region")!.Location);
        Assert.Equal(new SourceLocation("/h/.aws/credentials", 2), set.GetProfile("a")!.Get("aws_access_key_id")!.Location);
        Assert.Equal(new SourceLocation("/h/.aws/config", 6), set.GetProfile("b")!.Get("ROLE_ARN")!.Location);
    }

    [Fact]
    public void Credentials_file_wins_key_by_key_and_the_loser_is_kept_as_shadowed()
    {
        var set = Build("[profile a]\nregion = x\noutput = json\n", "[a]\nregion = y\n");
        var profile = set.GetProfile("a")!;
        Assert.Equal("y", profile.GetString("region"));
        Assert.Equal("json", profile.GetString("output"));
        var shadow = Assert.Single(profile.Shadowed);
        Assert.Equal("x", shadow.Value.Value);
        Assert.Equal(new SourceLocation("/h/.aws/credentials", 2), shadow.OverriddenBy);
    }

    [Fact]
    public void Hidden_default_and_misplaced_sections_are_noted_with_their_line()
    {
        var set = Build("[default]\nregion = a\n[profile default]\nregion = b\n[foo]\nx = 1\n", "[profile bar]\ny = 2\n");
        Assert.Equal("b", set.GetProfile("default")!.GetString("region"));
        Assert.Null(set.GetProfile("foo"));
        Assert.Null(set.GetProfile("bar"));
        Assert.Contains(set.Notes, n => n.Location.Line == 1 && n.Message.Contains("[profile default]", StringComparison.Ordinal));
        Assert.Contains(set.Notes, n => n.Location.Line == 5 && n.Message.Contains("[profile foo]", StringComparison.Ordinal));
        Assert.Contains(set.Notes, n => n.Location == new SourceLocation("/h/.aws/credentials", 1) && n.Message.Contains("[bar]", StringComparison.Ordinal));
    }

    [Fact]
    public void Inline_comments_and_duplicate_sections_get_compatibility_notes()
    {
        var set = Build("[profile a]\nregion = us-east-1 # prod\n[profile a]\noutput = json\n");
        var profile = set.GetProfile("a")!;
        Assert.Equal("us-east-1", profile.GetString("region"));
        Assert.Contains(profile.Notes, n => n.Kind == ConfigNoteKind.Compatibility && n.Location.Line == 2);
        Assert.Contains(set.Notes, n => n.Kind == ConfigNoteKind.Compatibility && n.Location.Line == 3);
    }

    [Fact]
    public void Byte_order_mark_is_read_and_noted()
    {
        var bytes = (byte[])[.. "\uFEFF"u8, .. "[default]\nregion = x\n"u8];
        var file = ConfigFile.Parse("/h/.aws/config", ConfigFileKind.Config, bytes);
        var set = ProfileSet.Build(file, null);
        Assert.True(file.HasBom);
        Assert.Equal("x", set.GetProfile("default")!.GetString("region"));
        Assert.Contains(set.Notes, n => n.Message.Contains("byte-order mark", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_utf8_is_an_error_naming_the_line()
    {
        var bytes = (byte[])[.. "[default]\nregion = x\nname = "u8, 0xC3, 0x28, .. "\n"u8];
        var error = Assert.Throws<ConfigParseException>(() => ConfigFile.Parse("/h/.aws/config", ConfigFileKind.Config, bytes));
        Assert.Equal(3, error.Line);
        Assert.StartsWith("/h/.aws/config:3: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Structural_errors_name_file_and_line()
    {
        var error = Assert.Throws<ConfigParseException>(() => Build("[default]\nregion = x\n[profile broken\n"));
        Assert.Equal("/h/.aws/config:3: Profile definition must end with ']'", error.Message);
    }

    [Fact]
    public void Lone_carriage_return_is_not_a_line_break_and_unicode_spaces_are_not_whitespace()
    {
        var set = Build("[default]\nname = a\rb\nnbsp =\u00A0v\u00A0\n");
        Assert.Equal("a\rb", set.GetProfile("default")!.GetString("name"));
        Assert.Equal("\u00A0v\u00A0", set.GetProfile("default")!.GetString("nbsp"));
    }

    [Fact]
    public void Sub_properties_are_parsed_for_services_sections()
    {
        var set = Build("[profile a]\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:5000\n");
        var sts = set.GetServices("local")!.Get("sts")!;
        Assert.Equal("http://127.0.0.1:5000", sts.GetSubProperty("ENDPOINT_URL"));
    }

    [Fact]
    public void Large_files_materialize_only_the_sections_that_are_read()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            builder.Append($"[profile p{i}]\nregion = r{i}\n");
        }

        var set = Build(builder.ToString());
        Assert.Equal(2000, set.ProfileNames.Count);
        Assert.Equal("r1234", set.GetProfile("p1234")!.GetString("region"));
    }
}
