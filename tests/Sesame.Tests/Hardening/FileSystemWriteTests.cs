using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>Writes never go through a symbolic link, set modes explicitly and refuse folders others can write.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileSystemWriteTests : IDisposable
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzPLANTED";
    private readonly TempDirectory _temp = new("sesame-harden");
    private readonly PhysicalFileSystem _fs = PhysicalFileSystem.Instance;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_symlink_at_a_private_file_is_refused_and_nothing_reaches_its_target()
    {
        var target = _temp.Write("elsewhere/catch", "original");
        File.SetUnixFileMode(target, (UnixFileMode)Convert.ToInt32("644", 8));
        var item = _temp.Combine("store", "keys%2Fprod.item");
        Directory.CreateDirectory(Path.GetDirectoryName(item)!);
        File.CreateSymbolicLink(item, target);

        var error = Assert.Throws<UnsafeFileException>(() => _fs.WriteAllBytesAtomic(item, System.Text.Encoding.UTF8.GetBytes(Secret)));

        Assert.Equal(FileRefusal.SymbolicLink, error.Refusal);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal("original", File.ReadAllText(target));
        Assert.NotNull(new FileInfo(item).LinkTarget);
        SecretScan.AssertNoSecrets(error.Message, Secret);
    }

    [Fact]
    public void A_dangling_symlink_at_a_private_file_is_refused_and_the_target_is_not_created()
    {
        var target = _temp.Combine("never-created");
        var token = _temp.Combine("sso", "cache", "0123456789abcdef.json");
        Directory.CreateDirectory(Path.GetDirectoryName(token)!);
        File.CreateSymbolicLink(token, target);

        Assert.Throws<UnsafeFileException>(() => _fs.WriteAllBytesAtomic(token, "{\"accessToken\":\"x\"}"u8));

        Assert.False(File.Exists(target));
    }

    [Fact]
    public void A_new_file_refuses_anything_already_at_its_name_even_a_dangling_link()
    {
        var target = _temp.Combine("attacker-file");
        var backup = _temp.Combine("credentials.sesame-backup-20260101T000000Z");
        File.CreateSymbolicLink(backup, target);

        Assert.Throws<UnsafeFileException>(() => _fs.CreateNewFile(backup, System.Text.Encoding.UTF8.GetBytes(Secret)));
        Assert.False(File.Exists(target));

        var existing = _temp.Write("existing", "keep");
        Assert.Throws<IOException>(() => _fs.CreateNewFile(existing, "new"u8));
        Assert.Equal("keep", File.ReadAllText(existing));
    }

    [Fact]
    public void Backup_names_are_unpredictable_and_keep_the_time_and_the_file_name()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var first = BackupNames.For("/home/u/.aws/credentials", now);
        var second = BackupNames.For("/home/u/.aws/credentials", now);

        Assert.NotEqual(first, second);
        Assert.StartsWith("/home/u/.aws/credentials.sesame-backup-20261121T120000Z-", first, StringComparison.Ordinal);
        Assert.Matches("-[0-9a-f]{8}$", first);
        Assert.True(BackupNames.IsBackupOf(first, "/home/u/.aws/credentials"));
    }

    [Fact]
    public void A_rewritten_private_file_gets_0600_whatever_the_previous_file_allowed()
    {
        var path = _temp.Write("cache/item", "old");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("666", 8));

        _fs.WriteAllBytesAtomic(path, "new"u8);

        Assert.Equal(FileModes.OwnerReadWrite, Binary.Mode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void Every_missing_folder_is_created_0700()
    {
        var path = _temp.Combine("a", "b", "c", "file");

        _fs.WriteAllBytesAtomic(path, "x"u8);

        Assert.Equal(FileModes.OwnerAll, Binary.Mode(_temp.Combine("a")));
        Assert.Equal(FileModes.OwnerAll, Binary.Mode(_temp.Combine("a", "b")));
        Assert.Equal(FileModes.OwnerAll, Binary.Mode(_temp.Combine("a", "b", "c")));
    }

    [Fact]
    public void A_folder_every_user_can_write_is_refused_for_secrets_and_a_sticky_one_is_not()
    {
        var open = Directory.CreateDirectory(_temp.Combine("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)Convert.ToInt32("777", 8));

        var error = Assert.Throws<UnsafeFileException>(() => _fs.WriteAllBytesAtomic(Path.Combine(open, "store", "vault"), "x"u8));
        Assert.Equal(FileRefusal.WritableByOthers, error.Refusal);
        Assert.Contains("chmod o-w", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(open, "store", "vault")));

        File.SetUnixFileMode(open, (UnixFileMode)Convert.ToInt32("1777", 8));
        _fs.WriteAllBytesAtomic(Path.Combine(open, "store", "vault"), "x"u8);
    }

    [Fact]
    public void A_folder_owned_by_another_user_is_refused()
    {
        if (Posix.EffectiveUserId != 0)
        {
            // Only root can give a folder away; the rule is the same for everyone.
            Assert.Fail("this test needs root to chown a folder to another user (CI runs as root)");
        }

        var theirs = Directory.CreateDirectory(_temp.Combine("theirs")).FullName;
        Chown(theirs, 65534);

        var error = Assert.Throws<UnsafeFileException>(() => _fs.WriteAllBytesAtomic(Path.Combine(theirs, "item"), "x"u8));
        Assert.Equal(FileRefusal.OwnedByOthers, error.Refusal);
    }

    [Fact]
    public void The_users_config_may_be_a_link_into_a_dotfiles_folder_and_stays_a_link()
    {
        var target = _temp.Write("dotfiles/aws/config", "[default]\n");
        File.SetUnixFileMode(target, (UnixFileMode)Convert.ToInt32("644", 8));
        var link = _temp.Combine(".aws", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, target);

        _fs.WriteUserFileAtomic(link, "[default]\nregion = eu-west-1\n"u8);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("[default]\nregion = eu-west-1\n", File.ReadAllText(target));
        Assert.Equal((UnixFileMode)Convert.ToInt32("644", 8), Binary.Mode(target));
    }

    [Fact]
    public void The_users_config_link_is_refused_when_its_target_folder_is_writable_by_everyone()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("shared")).FullName;
        var target = _temp.Write("shared/config", "[default]\n");
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("777", 8));
        var link = _temp.Combine("config");
        File.CreateSymbolicLink(link, target);

        Assert.Throws<UnsafeFileException>(() => _fs.WriteUserFileAtomic(link, "[default]\nregion = x\n"u8));
        Assert.Equal("[default]\n", File.ReadAllText(target));
    }

    [Fact]
    public void The_users_config_link_is_refused_when_its_target_belongs_to_another_user()
    {
        if (Posix.EffectiveUserId != 0)
        {
            Assert.Fail("this test needs root to chown a file to another user (CI runs as root)");
        }

        var target = _temp.Write("theirs/config", "[default]\n");
        Chown(target, 65534);
        var link = _temp.Combine("config");
        File.CreateSymbolicLink(link, target);

        var error = Assert.Throws<UnsafeFileException>(() => _fs.WriteUserFileAtomic(link, "[default]\nregion = x\n"u8));
        Assert.Contains("another user", error.Message, StringComparison.Ordinal);
        Assert.Equal("[default]\n", File.ReadAllText(target));
    }

    [Fact]
    public void The_users_config_loses_group_and_other_write_but_keeps_its_read_bits()
    {
        var path = _temp.Write("config", "[default]\n");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("666", 8));

        _fs.WriteUserFileAtomic(path, "[default]\nregion = x\n"u8);

        Assert.Equal((UnixFileMode)Convert.ToInt32("644", 8), Binary.Mode(path));
    }

    [Fact]
    public void A_folder_named_like_an_unexpanded_variable_is_never_created()
    {
        var error = Assert.Throws<UnsafeFileException>(() => _fs.WriteAllBytesAtomic(_temp.Combine("~", "sesame", "file"), "x"u8));
        Assert.Equal(FileRefusal.BadPath, error.Refusal);
        Assert.Throws<UnsafeFileException>(() => _fs.CreateDirectory(_temp.Combine("$HOME", "x")));

        Assert.False(Directory.Exists(_temp.Combine("~")));
        Assert.False(Directory.Exists(_temp.Combine("$HOME")));
    }

    [Fact]
    public void Temporary_files_of_dead_writers_are_removed_by_the_next_write_and_others_are_kept()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("store")).FullName;
        var dead = DeadPid();
        var deadOld = Plant(folder, $".keys%2Fa.item.{dead}.0123456789ab.tmp", TimeSpan.FromMinutes(5));
        var deadFresh = Plant(folder, $".keys%2Fb.item.{dead}.0123456789ac.tmp", TimeSpan.Zero);
        var alive = Plant(folder, $".keys%2Fc.item.{Environment.ProcessId + 0}.0123456789ad.tmp", TimeSpan.FromMinutes(5));
        var legacyOld = Plant(folder, ".keys%2Fd.item.0123456789ae.tmp", TimeSpan.FromMinutes(30));
        var legacyFresh = Plant(folder, ".keys%2Fe.item.0123456789af.tmp", TimeSpan.FromMinutes(2));
        var notOurs = Plant(folder, ".notes.tmp", TimeSpan.FromDays(1));

        _fs.WriteAllBytesAtomic(Path.Combine(folder, "keys%2Fz.item"), "x"u8);

        Assert.False(File.Exists(deadOld));
        Assert.True(File.Exists(deadFresh));
        Assert.True(File.Exists(alive));
        Assert.False(File.Exists(legacyOld));
        Assert.True(File.Exists(legacyFresh));
        Assert.True(File.Exists(notOurs));
        Assert.Empty(Directory.GetFiles(folder, $".keys%2Fz.item.*.tmp"));
    }

    [Fact]
    public void Temporary_file_names_carry_the_writer_and_random_bits()
    {
        var first = TempFiles.NewName("vault");
        var second = TempFiles.NewName("vault");

        Assert.NotEqual(first, second);
        Assert.Equal(Environment.ProcessId, TempFiles.WriterOf(first));
        Assert.Equal(0, TempFiles.WriterOf(".vault.0123456789ab.tmp"));
        Assert.Null(TempFiles.WriterOf("vault"));
    }

    private static string Plant(string folder, string name, TimeSpan age)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "partial");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    internal static int DeadPid()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    internal static void Chown(string path, int uid)
    {
        using var chown = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chown", [uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
