using Sesame.Core.Platform;
using Sesame.Core.ShellIntegration;
using Sesame.Testing;

namespace Sesame.Tests.ShellIntegration;

/// <summary>
/// The per-profile expiry files the prompt functions read with shell builtins: where they are, what
/// they hold, and that a profile name can never point outside their folder.
/// </summary>
public sealed class PromptStatusFileTests : IDisposable
{
    private readonly TempDirectory _home = new("sesame-prompt");

    [Fact]
    public void The_folder_is_in_XDG_RUNTIME_DIR_else_XDG_CACHE_HOME_else_the_home_cache()
    {
        Assert.Equal("/run/user/1000/sesame/prompt", PromptStatusFile.DirectoryFor(new TestEnvironment(new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = "/run/user/1000", ["XDG_CACHE_HOME"] = "/c", ["HOME"] = "/h" })));
        Assert.Equal("/c/sesame/prompt", PromptStatusFile.DirectoryFor(new TestEnvironment(new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = " ", ["XDG_CACHE_HOME"] = "/c", ["HOME"] = "/h" })));
        Assert.Equal("/h/.cache/sesame/prompt", PromptStatusFile.DirectoryFor(new TestEnvironment(new Dictionary<string, string> { ["HOME"] = "/h" })));
    }

    [Fact]
    public void Write_records_the_expiry_as_epoch_seconds_and_a_newline_in_a_private_file()
    {
        var status = Status();
        var expiry = DateTimeOffset.FromUnixTimeSeconds(1_795_323_166);

        status.Write("prod", expiry);

        var path = Path.Combine(_home.Path, "run", "sesame", "prompt", "prod");
        Assert.Equal("1795323166\n", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(expiry, status.TryRead("prod"));
    }

    [Fact]
    public void Write_leaves_the_file_alone_when_it_already_says_so()
    {
        var status = Status();
        var expiry = DateTimeOffset.FromUnixTimeSeconds(1_795_323_166);
        status.Write("prod", expiry);
        var path = status.PathOf("prod")!;
        var written = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        status.Write("prod", expiry.AddMilliseconds(300));

        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        status.Write("prod", expiry.AddHours(1));
        Assert.Equal(expiry.AddHours(1), status.TryRead("prod"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("")]
    public void A_name_that_cannot_be_a_plain_file_name_gets_no_file(string profile)
    {
        var status = Status();

        status.Write(profile, DateTimeOffset.UtcNow.AddHours(1));

        Assert.Null(status.PathOf(profile));
        Assert.Null(status.TryRead(profile));
        Assert.False(Directory.Exists(Path.Combine(_home.Path, "run")) && Directory.EnumerateFileSystemEntries(Path.Combine(_home.Path, "run"), "*", SearchOption.AllDirectories).Any(e => File.Exists(e)));
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("dev-Admin_2")]
    [InlineData("alice@corp.example")]
    [InlineData("a+b=c,d")]
    public void Common_profile_names_get_a_file(string profile) => Assert.True(PromptStatusFile.IsFileSafe(profile));

    [Fact]
    public void Remove_and_RemoveAll_forget_expiries()
    {
        var status = Status();
        status.Write("prod", DateTimeOffset.UtcNow.AddHours(1));
        status.Write("dev", DateTimeOffset.UtcNow.AddHours(1));

        status.Remove("prod");
        Assert.Null(status.TryRead("prod"));
        Assert.NotNull(status.TryRead("dev"));

        status.RemoveAll();
        Assert.Null(status.TryRead("dev"));
        status.RemoveAll();
    }

    [Fact]
    public void A_damaged_file_reads_as_no_expiry()
    {
        var status = Status();
        _home.Write("run/sesame/prompt/prod", "soon\n");

        Assert.Null(status.TryRead("prod"));
    }

    public void Dispose() => _home.Dispose();

    private PromptStatusFile Status() => new(PhysicalFileSystem.Instance, new TestEnvironment(new Dictionary<string, string>
    {
        ["HOME"] = _home.Path,
        ["XDG_RUNTIME_DIR"] = Path.Combine(_home.Path, "run"),
    }));
}
