using Sesame.Core.Settings;
using Sesame.Core.Doctor;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>Folder variables are expanded or refused, never taken literally; the permission audit finds what others can write.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PathAndPermissionTests : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-harden");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_sesame_folder_variable_with_an_unexpandable_tilde_is_a_typed_error_naming_it()
    {
        var environment = new TestEnvironment(new Dictionary<string, string> { ["SESAME_LOCK_DIR"] = "~/locks" });

        var error = Assert.Throws<UnsafeFileException>(() => SesamePaths.LockDirectory(environment, new ConfigFileLocator(environment)));

        Assert.Equal("SESAME_LOCK_DIR", error.Setting);
        Assert.Equal(FileRefusal.BadPath, error.Refusal);
    }

    [Fact]
    public void A_sesame_folder_variable_with_home_is_expanded()
    {
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path, ["SESAME_CACHE_DIR"] = "$HOME/cache", ["SESAME_LOCK_DIR"] = "~/locks" });
        var locator = new ConfigFileLocator(environment);

        Assert.Equal(_temp.Combine("cache"), SesamePaths.CacheDirectory(environment, locator));
        Assert.Equal(_temp.Combine("locks"), SesamePaths.LockDirectory(environment, locator));
    }

    [Fact]
    public void A_relative_or_unexpanded_xdg_variable_is_ignored_as_the_xdg_specification_says()
    {
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path, ["XDG_CACHE_HOME"] = "$NOT_SET/x", ["XDG_RUNTIME_DIR"] = "/dev/null" });
        var locator = new ConfigFileLocator(environment);

        Assert.Equal(_temp.Combine(".cache", "sesame"), SesamePaths.CacheDirectory(environment, locator));
        Assert.Equal(_temp.Combine(".cache", "sesame", "locks"), SesamePaths.LockDirectory(environment, locator));
    }

    [Fact]
    public void A_sesame_folder_variable_naming_a_file_is_a_typed_error()
    {
        var environment = new TestEnvironment(new Dictionary<string, string> { ["SESAME_LOCK_DIR"] = "/dev/null" });

        var error = Assert.Throws<UnsafeFileException>(() => SesamePaths.LockDirectory(environment, new ConfigFileLocator(environment)));
        Assert.Equal(FileRefusal.NotAFolder, error.Refusal);
    }

    [Theory]
    [InlineData("XDG_CACHE_HOME", "~")]
    [InlineData("XDG_CACHE_HOME", "$SESAME_TEST_UNSET/x")]
    [InlineData("XDG_CACHE_HOME", "relative/cache")]
    [InlineData("XDG_RUNTIME_DIR", "$SESAME_TEST_UNSET")]
    [InlineData("XDG_RUNTIME_DIR", "/dev/null")]
    [InlineData("SESAME_CACHE_DIR", "$SESAME_TEST_UNSET/cache")]
    [InlineData("SESAME_LOCK_DIR", "~x/locks")]
    public async Task No_command_creates_folders_named_like_unexpanded_variables(string variable, string value)
    {
        using var cwd = new TempDirectory("sesame-harden-cwd");
        using var home = new TempDirectory("sesame-harden-home");
        home.Write(".aws/config", "[profile base]\naws_access_key_id = AKIAEXAMPLEBASEKEY01\naws_secret_access_key = s\n\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n");
        var environment = Binary.Environment_(home.Path, (variable, value), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"));

        var run = await Binary.RunAsync(["export", "app"], environment, workingDirectory: cwd.Path);

        Assert.NotEqual(1, run.ExitCode);
        Assert.DoesNotContain("this is a bug", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(cwd.Path));
    }

    [Fact]
    public void The_audit_reports_a_world_writable_aws_folder_a_readable_credentials_file_and_secrets_in_open_folders()
    {
        var aws = Directory.CreateDirectory(_temp.Combine(".aws")).FullName;
        File.SetUnixFileMode(aws, (UnixFileMode)Convert.ToInt32("777", 8));
        var credentials = _temp.Write(".aws/credentials", "[default]\n");
        File.SetUnixFileMode(credentials, (UnixFileMode)Convert.ToInt32("644", 8));
        var config = _temp.Write(".aws/config", "[default]\n");
        File.SetUnixFileMode(config, (UnixFileMode)Convert.ToInt32("666", 8));
        var store = Directory.CreateDirectory(_temp.Combine("store")).FullName;
        File.SetUnixFileMode(store, (UnixFileMode)Convert.ToInt32("777", 8));
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path });

        var findings = PermissionAudit.Run(PermissionAudit.DefaultTargets(environment, storeDirectory: store));

        Assert.Contains(findings, f => f.Path == aws && f.Fix.StartsWith("chmod o-w", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Path == credentials && f.Fix.StartsWith("chmod 600", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Path == config && f.Fix.StartsWith("chmod go-w", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Path == store && f.Refused);
    }

    [Fact]
    public void The_audit_finds_nothing_in_a_tidy_home()
    {
        var credentials = _temp.Write(".aws/credentials", "[default]\n");
        File.SetUnixFileMode(credentials, FileModes.OwnerReadWrite);
        File.SetUnixFileMode(_temp.Combine(".aws"), FileModes.OwnerAll);
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path });

        Assert.Empty(PermissionAudit.Run(PermissionAudit.DefaultTargets(environment)));
    }
}
