using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Config;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and symlinks are POSIX checks
public sealed class ConfigDocumentTests
{
    private const string Messy = "# my AWS config\r\n\r\n[default]\r\nregion = us-east-1   ; the usual\r\n\r\n[profile dev]\r\n# dev account\r\nrole_arn=arn:aws:iam::111111111111:role/Dev\r\nsource_profile =  default\r\ns3 =\r\n  max_concurrent_requests = 20\r\n\r\n[sso-session corp]\r\nsso_region = eu-west-1\r\n";

    private static ConfigDocument Load(string text, ConfigFileKind kind = ConfigFileKind.Config, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return ConfigDocument.Parse("config", kind, bom ? [.. "\uFEFF"u8, .. bytes] : bytes);
    }

    [Fact]
    public void Unedited_document_round_trips_every_byte_including_crlf_and_bom()
    {
        var bytes = (byte[])[.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes(Messy)];
        var document = ConfigDocument.Parse("config", ConfigFileKind.Config, bytes);
        Assert.Equal(bytes, document.ToBytes());
    }

    [Fact]
    public void Setting_an_existing_key_changes_only_its_value_and_keeps_spacing_and_comment()
    {
        var document = Load(Messy);
        document.SetValue(SectionKind.Profile, "default", "region", "eu-central-1");
        Assert.Equal(Messy.Replace("region = us-east-1   ; the usual", "region = eu-central-1   ; the usual", StringComparison.Ordinal), document.Text);
    }

    [Fact]
    public void Setting_a_new_key_inserts_it_after_the_sections_last_setting_with_the_files_line_ending()
    {
        var document = Load(Messy);
        document.SetValue(SectionKind.Profile, "dev", "region", "us-west-2");
        var expected = Messy.Replace("  max_concurrent_requests = 20\r\n", "  max_concurrent_requests = 20\r\nregion = us-west-2\r\n", StringComparison.Ordinal);
        Assert.Equal(expected, document.Text);
    }

    [Fact]
    public void Setting_a_key_in_a_missing_section_appends_the_section_after_a_blank_line()
    {
        var document = Load("[default]\nregion = us-east-1\n");
        document.SetValue(SectionKind.Profile, "new", "region", "eu-west-1");
        document.SetValue(SectionKind.SsoSession, "corp", "sso_region", "eu-west-1");
        Assert.Equal("[default]\nregion = us-east-1\n\n[profile new]\nregion = eu-west-1\n\n[sso-session corp]\nsso_region = eu-west-1\n", document.Text);
    }

    [Fact]
    public void A_file_without_a_final_newline_stays_without_one()
    {
        var document = Load("[default]\nregion = us-east-1");
        document.SetValue(SectionKind.Profile, "default", "output", "json");
        Assert.Equal("[default]\nregion = us-east-1\noutput = json", document.Text);
    }

    [Fact]
    public void Credentials_file_sections_are_written_without_prefix()
    {
        var document = ConfigDocument.CreateEmpty(ConfigFileKind.Credentials);
        document.SetValue(SectionKind.Profile, "dev", "aws_access_key_id", "AKIAEXAMPLE");
        Assert.Equal("[dev]\naws_access_key_id = AKIAEXAMPLE\n", document.Text);
    }

    [Fact]
    public void Replacing_a_value_removes_its_old_continuation_lines()
    {
        var document = Load(Messy);
        document.SetValue(SectionKind.Profile, "dev", "s3", "none");
        Assert.DoesNotContain("max_concurrent_requests", document.Text, StringComparison.Ordinal);
        Assert.Contains("s3 = none\r\n", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_collapse_to_the_effective_one_when_set()
    {
        var document = Load("[profile a]\nregion = x\n[profile a]\nregion = y\n");
        document.SetValue(SectionKind.Profile, "a", "region", "z");
        Assert.Equal("[profile a]\n[profile a]\nregion = z\n", document.Text);
    }

    [Fact]
    public void Removing_a_key_removes_its_line_and_continuations_only()
    {
        var document = Load(Messy);
        Assert.True(document.RemoveValue(SectionKind.Profile, "dev", "s3"));
        Assert.Equal(Messy.Replace("s3 =\r\n  max_concurrent_requests = 20\r\n", string.Empty, StringComparison.Ordinal), document.Text);
        Assert.False(document.RemoveValue(SectionKind.Profile, "dev", "nope"));
    }

    [Fact]
    public void Removing_a_section_keeps_neighbours_and_does_not_leave_double_blank_lines()
    {
        var document = Load("[profile a]\nx = 1\n\n[profile b]\n# inside b\ny = 2\n\n[profile c]\nz = 3\n");
        Assert.True(document.RemoveSection(SectionKind.Profile, "b"));
        Assert.Equal("[profile a]\nx = 1\n\n[profile c]\nz = 3\n", document.Text);
    }

    [Fact]
    public void Renaming_a_section_changes_only_the_name_in_its_header()
    {
        var document = Load("[  profile old  ] ; note\nx = 1\n[profile keep]\n");
        document.RenameSection(SectionKind.Profile, "old", "new");
        Assert.Equal("[  profile new  ] ; note\nx = 1\n[profile keep]\n", document.Text);
    }

    [Fact]
    public void Edits_address_profile_default_and_ignore_the_hidden_unprefixed_default()
    {
        var document = Load("[default]\nregion = hidden\n[profile default]\nregion = used\n");
        document.SetValue(SectionKind.Profile, "default", "region", "changed");
        Assert.Equal("[default]\nregion = hidden\n[profile default]\nregion = changed\n", document.Text);
    }

    [Fact]
    public void Edited_text_reads_back_with_the_same_meaning()
    {
        var document = Load(Messy);
        document.SetValue(SectionKind.Profile, "dev", "region", "ap-south-1");
        document.RemoveValue(SectionKind.Profile, "default", "region");
        var reread = ProfileSet.Build(ConfigFile.Parse("config", ConfigFileKind.Config, document.Text), null);
        Assert.Equal("ap-south-1", reread.GetProfile("dev")!.GetString("region"));
        Assert.Null(reread.GetProfile("default")!.GetString("region"));
        Assert.Equal("eu-west-1", reread.GetSsoSession("corp")!.GetString("sso_region"));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData(" leading")]
    [InlineData("value # comment")]
    [InlineData("value ;comment")]
    public void Values_that_would_read_back_differently_are_refused(string value)
    {
        var document = Load("[default]\n");
        Assert.Throws<ArgumentException>(() => document.SetValue(SectionKind.Profile, "default", "k", value));
    }

    [Fact]
    public void Save_writes_atomically_keeps_an_existing_files_mode_and_creates_new_files_0600()
    {
        using var temp = new TempDirectory();
        var existing = temp.Write("config", "[default]\nregion = us-east-1\n");
        File.SetUnixFileMode(existing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var document = ConfigDocument.Load(PhysicalFileSystem.Instance, existing, ConfigFileKind.Config);
        document.SetValue(SectionKind.Profile, "default", "output", "json");
        document.Save(PhysicalFileSystem.Instance, existing);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(existing));
        Assert.Equal("[default]\nregion = us-east-1\noutput = json\n", File.ReadAllText(existing));

        var fresh = temp.Combine("nested", "credentials");
        var created = ConfigDocument.Load(PhysicalFileSystem.Instance, fresh, ConfigFileKind.Credentials);
        created.SetValue(SectionKind.Profile, "x", "aws_access_key_id", "AKIAEXAMPLE");
        created.Save(PhysicalFileSystem.Instance, fresh);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_crash_before_rename_leaves_the_previous_file_intact_and_no_temp_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("config", "[default]\nregion = us-east-1\n");
        var crashing = new PhysicalFileSystem(_ => throw new IOException("simulated crash"));
        var document = ConfigDocument.Load(crashing, path, ConfigFileKind.Config);
        document.SetValue(SectionKind.Profile, "default", "region", "eu-west-1");
        Assert.Throws<IOException>(() => document.Save(crashing, path));
        Assert.Equal("[default]\nregion = us-east-1\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Saving_through_a_symlink_keeps_the_link_and_updates_its_target()
    {
        using var temp = new TempDirectory();
        var target = temp.Write("dotfiles/aws-config", "[default]\n");
        var link = temp.Combine("config");
        File.CreateSymbolicLink(link, target);
        var document = ConfigDocument.Load(PhysicalFileSystem.Instance, link, ConfigFileKind.Config);
        document.SetValue(SectionKind.Profile, "default", "region", "eu-west-1");
        document.Save(PhysicalFileSystem.Instance, link);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("[default]\nregion = eu-west-1\n", File.ReadAllText(target));
    }
}
