using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Config.Editing;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Config;

/// <summary>The one config editor: lock, load, edit, re-validate, atomic save only on change.</summary>
public sealed class ConfigEditorTests : IDisposable
{
    private readonly TempDirectory _home = new("sesame-editor");

    public void Dispose() => _home.Dispose();

    private string ConfigPath => _home.Combine(".aws", "config");

    private ConfigEditor Editor() => new(
        PhysicalFileSystem.Instance,
        new ConfigFileLocator(new TestEnvironment([new("HOME", _home.Path)])),
        new FileLockProvider(_home.Combine("locks"), TimeProvider.System, NullLog.Instance),
        TimeProvider.System);

    [Fact]
    public async Task Thirty_concurrent_edits_all_land_and_every_other_byte_is_kept()
    {
        _home.Write(".aws/config", "# mine\r\n[default]\r\nregion = eu-west-1 ; keep\r\n");

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => Editor().EditAsync(ConfigFileKind.Config, d =>
        {
            d.SetValue(SectionKind.Profile, $"p{i}", Keys.Region, "us-east-1");
            return true;
        }))));

        var text = File.ReadAllText(ConfigPath);
        Assert.StartsWith("# mine\r\n[default]\r\nregion = eu-west-1 ; keep\r\n", text, StringComparison.Ordinal);
        var profiles = ProfileSet.Build(ConfigFile.Parse(ConfigPath, ConfigFileKind.Config, File.ReadAllBytes(ConfigPath)), null);
        Assert.All(Enumerable.Range(0, 30), i => Assert.Equal("us-east-1", profiles.GetProfile($"p{i}")?.GetString(Keys.Region)));
    }

    [Fact]
    public async Task An_edit_that_changes_nothing_writes_nothing()
    {
        _home.Write(".aws/config", "[profile a]\nregion = eu-west-1\n");
        File.SetLastWriteTimeUtc(ConfigPath, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = await Editor().EditAsync(ConfigFileKind.Config, d =>
        {
            d.SetValue(SectionKind.Profile, "a", Keys.Region, "eu-west-1");
            return 0;
        });

        Assert.False(result.Written);
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(ConfigPath));
    }

    [Fact]
    public async Task An_edit_that_would_leave_a_file_the_aws_cli_refuses_writes_nothing()
    {
        const string original = "[profile a]\nregion = eu-west-1\n";
        _home.Write(".aws/config", original);

        await Assert.ThrowsAsync<ConfigParseException>(() => Editor().ReplaceAsync(ConfigFileKind.Config, (_, _) => ("[profile a\nregion = x\n"u8.ToArray(), 0)));

        Assert.Equal(original, File.ReadAllText(ConfigPath));
    }

    [Fact]
    public async Task A_backup_is_owner_only_and_carries_an_unguessable_name()
    {
        _home.Write(".aws/credentials", "[a]\naws_access_key_id = AKIAEXAMPLEEXAMPLE\naws_secret_access_key = s\n");

        var result = await Editor().EditAsync(ConfigFileKind.Credentials, d => d.RemoveValue(SectionKind.Profile, "a", Keys.AwsSecretAccessKey), new ConfigEditOptions(Backup: true));

        Assert.True(result.Written);
        Assert.Matches(@"credentials\.sesame-backup-\d{8}T\d{6}Z-[0-9a-f]{12}$", result.BackupPath);
        Assert.Contains("aws_secret_access_key", File.ReadAllText(result.BackupPath!), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(result.BackupPath!));
        }
    }

    [Fact]
    public async Task A_dry_run_plans_and_validates_but_writes_nothing()
    {
        var result = await Editor().EditAsync(ConfigFileKind.Config, d =>
        {
            d.AddSection(SectionKind.Profile, "new");
            return 1;
        }, new ConfigEditOptions(DryRun: true));

        Assert.True(result.Changed);
        Assert.False(result.Written);
        Assert.False(File.Exists(ConfigPath));
    }
}
