using System.Diagnostics;
using System.Runtime.InteropServices;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>Reads take regular files only, without blocking, up to a limit; errors name the setting.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileSystemReadTests : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-harden");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Reading_a_fifo_fails_at_once_instead_of_blocking()
    {
        var fifo = MakeFifo("token");
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<UnsafeFileException>(() => PhysicalFileSystem.Instance.ReadAllBytes(fifo));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(FileRefusal.NotAFile, error.Refusal);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_dev_zero_is_refused_without_reading_anything()
    {
        var before = GC.GetTotalAllocatedBytes();

        var error = Assert.Throws<UnsafeFileException>(() => PhysicalFileSystem.Instance.ReadAllBytes("/dev/zero"));

        Assert.Equal(FileRefusal.NotAFile, error.Refusal);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 16 * 1024 * 1024);
    }

    [Fact]
    public void Reading_a_folder_is_a_typed_error()
        => Assert.Equal(FileRefusal.NotAFile, Assert.Throws<UnsafeFileException>(() => PhysicalFileSystem.Instance.ReadAllBytes(_temp.Path)).Refusal);

    [Fact]
    public void A_file_over_the_limit_is_refused_and_one_within_it_is_read_whole()
    {
        var path = _temp.Write("big", new string('x', 5000));

        Assert.Equal(FileRefusal.TooLarge, Assert.Throws<UnsafeFileException>(() => PhysicalFileSystem.ReadAllBytes(path, 4096)).Refusal);
        Assert.Equal(5000, PhysicalFileSystem.ReadAllBytes(path, 5000).Length);
        Assert.Throws<FileNotFoundException>(() => PhysicalFileSystem.Instance.ReadAllBytes(_temp.Combine("missing")));
    }

    [Fact]
    public void A_large_file_read_for_a_short_lived_process_is_mapped_with_the_same_bytes_and_version()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"[profile p{i}]\nregion = us-east-1\n"));
        var path = _temp.Write("config", text);
        Assert.True(new FileInfo(path).Length >= PhysicalFileSystem.MapThreshold);

        var mapped = PhysicalFileSystem.ForShortLivedProcess.ReadContent(path);
        var read = PhysicalFileSystem.Instance.ReadContent(path);

        Assert.True(MemoryMarshal.TryGetMemoryManager<byte, MappedFileMemory>(mapped.Bytes, out _), "a large file should be mapped");
        Assert.False(MemoryMarshal.TryGetMemoryManager<byte, MappedFileMemory>(read.Bytes, out _), "the shared instance should read");
        Assert.True(mapped.Bytes.Span.SequenceEqual(File.ReadAllBytes(path)));
        Assert.True(read.Bytes.Span.SequenceEqual(File.ReadAllBytes(path)));
        Assert.Equal(PhysicalFileSystem.Instance.GetStamp(path), mapped.Stamp);
        Assert.Equal(new FileInfo(path).LastWriteTimeUtc.Ticks, mapped.Stamp!.Value.LastWriteTicks);
    }

    [Fact]
    public void A_mapped_config_keeps_the_version_it_indexed_when_a_writer_renames_a_new_file_over_it()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"[profile p{i}]\nregion = us-east-1\n"));
        var path = _temp.Write("config", text);
        var content = PhysicalFileSystem.ForShortLivedProcess.ReadContent(path);
        var file = ConfigFile.ParseValidated(path, ConfigFileKind.Config, content.Bytes);

        var replacement = _temp.Write("config.new", "[profile p19999]\nregion = eu-west-1\n");
        File.Move(replacement, path, overwrite: true);

        var profiles = ProfileSet.Build(file, null);
        Assert.Equal("us-east-1", profiles.GetProfile("p19999")!.GetString("region"));
        Assert.Equal(20_000, profiles.ProfileNames.Count);
    }

    [Fact]
    public async Task A_fifo_web_identity_token_file_is_an_error_naming_the_setting()
    {
        var fifo = MakeFifo("web-token");
        var provider = new WebIdentityProvider("ci", "arn:aws:iam::123456789012:role/ci", fifo, null, () => throw new InvalidOperationException("no STS call expected"), PhysicalFileSystem.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<UnsafeFileException>(() => provider.GetAsync()).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("web_identity_token_file of profile 'ci'", error.Setting);
        Assert.Contains(fifo, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_as_the_container_authorization_token_file_is_an_error_naming_the_variable()
    {
        var environment = new TestEnvironment(new Dictionary<string, string>
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/creds",
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/dev/zero",
        });
        var provider = new ContainerProvider(environment, PhysicalFileSystem.Instance, new Sesame.Core.Aws.AwsHttpOptions(Handler: new ScriptedHttpHandler((_, _) => throw new InvalidOperationException("no request expected"))), TimeProvider.System);

        var error = await Assert.ThrowsAsync<UnsafeFileException>(() => provider.GetAsync());

        Assert.Equal("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", error.Setting);
    }

    [Fact]
    public void A_config_path_that_is_a_folder_is_an_error_naming_AWS_CONFIG_FILE()
    {
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path, ["AWS_CONFIG_FILE"] = _temp.Path });

        var error = Assert.Throws<UnsafeFileException>(() => new ConfigLoader(PhysicalFileSystem.Instance, environment).Load());

        Assert.Equal("AWS_CONFIG_FILE", error.Setting);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void A_fifo_as_the_credentials_file_fails_at_once()
    {
        var fifo = MakeFifo("credentials");
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path, ["AWS_SHARED_CREDENTIALS_FILE"] = fifo });

        var error = Assert.Throws<UnsafeFileException>(() => new ConfigLoader(PhysicalFileSystem.Instance, environment).Load());

        Assert.Equal("AWS_SHARED_CREDENTIALS_FILE", error.Setting);
    }

    [Fact]
    public void An_sso_token_file_with_invalid_utf8_is_reported_as_damaged_not_thrown()
    {
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path });
        var cache = new SsoTokenCache(new ConfigFileLocator(environment), PhysicalFileSystem.Instance);
        var path = cache.PathFor("my-sso");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. "{\"accessToken\": \"abc"u8, 0xC3, 0x28, .. "\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}"u8]);

        var read = cache.Read("my-sso");

        Assert.Null(read.Token);
        Assert.Contains("UTF-8", read.Problem, StringComparison.Ordinal);
        Assert.Throws<SsoTokenFileException>(() => SsoTokenFile.Parse(File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_fifo_in_the_sso_cache_is_an_error_naming_the_cache()
    {
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path });
        var cache = new SsoTokenCache(new ConfigFileLocator(environment), PhysicalFileSystem.Instance);
        var path = cache.PathFor("my-sso");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Mkfifo(path);

        var error = Assert.Throws<UnsafeFileException>(() => cache.Read("my-sso"));
        Assert.Equal("the IAM Identity Center token cache", error.Setting);
    }

    private string MakeFifo(string name)
    {
        var path = _temp.Combine(name);
        Mkfifo(path);
        return path;
    }

    internal static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
