using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Core.Stores.SecretService;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

public sealed class StoreSelectionTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestEnvironment _environment;

    public StoreSelectionTests()
    {
        _environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Combine("home") });
    }

    public void Dispose() => _temp.Dispose();

    private SecretStoreFactory Factory(IProcessRunner? runner = null)
        => new(_environment, PhysicalFileSystem.Instance, runner ?? new NoProcesses(), new TestTerminal(), new TestUnlockCache());

    [Fact]
    public void Defaults_are_automatic_selection_a_store_under_xdg_data_and_an_8_hour_unlock()
    {
        var settings = StoreSettings.Resolve(_environment);
        Assert.Null(settings.Backend);
        Assert.Equal(_temp.Combine("home", ".local", "share", "sesame", "store"), settings.FileDirectory);
        Assert.Equal(TimeSpan.FromHours(8), settings.UnlockTimeout);
        _environment["XDG_DATA_HOME"] = _temp.Combine("data");
        Assert.Equal(_temp.Combine("data", "sesame", "store"), StoreSettings.Resolve(_environment).FileDirectory);
    }

    [Fact]
    public void Variables_beat_the_default_profile_settings()
    {
        var config = ConfigFile.Parse("/c", ConfigFileKind.Config, "[default]\nsesame_backend = pass\nsesame_file_dir = ~/vault\nsesame_unlock_timeout = 15m\n");
        var profiles = ProfileSet.Build(config, null);
        var fromConfig = StoreSettings.Resolve(_environment, profiles);
        Assert.Equal(("pass", "sesame_backend at /c:2"), (fromConfig.Backend, fromConfig.BackendSource));
        Assert.Equal(_temp.Combine("home") + "/vault", fromConfig.FileDirectory);
        Assert.Equal(TimeSpan.FromMinutes(15), fromConfig.UnlockTimeout);

        _environment["SESAME_BACKEND"] = "file";
        _environment["SESAME_FILE_DIR"] = "/elsewhere";
        _environment["SESAME_UNLOCK_TIMEOUT"] = "0";
        var fromEnvironment = StoreSettings.Resolve(_environment, profiles);
        Assert.Equal(("file", "SESAME_BACKEND", "/elsewhere", TimeSpan.Zero), (fromEnvironment.Backend, fromEnvironment.BackendSource, fromEnvironment.FileDirectory, fromEnvironment.UnlockTimeout));
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("8h", 28800)]
    [InlineData("1d", 86400)]
    [InlineData("0", 0)]
    public void Unlock_timeouts_accept_seconds_and_units(string text, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), ParseDuration(text));

    [Theory]
    [InlineData(28800, "8h")]
    [InlineData(900, "15m")]
    [InlineData(90, "90s")]
    [InlineData(172800, "2d")]
    [InlineData(0, "0s")]
    public void Durations_format_as_they_are_written(int seconds, string text)
        => Assert.Equal(text, Sesame.Core.Settings.SettingParsers.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("forever")]
    [InlineData("-5")]
    [InlineData("5w")]
    [InlineData("")]
    public void Bad_unlock_timeouts_are_rejected(string text) => Assert.Null(ParseDuration(text));

    private static TimeSpan? ParseDuration(string text) => Sesame.Core.Settings.SettingParsers.TryParseDuration(text, out var duration) ? duration : null;

    [Fact]
    public void A_named_backend_opens_without_probing_or_running_anything()
    {
        _environment["SESAME_BACKEND"] = "secret-service";
        var store = Factory().Open(StoreSettings.Resolve(_environment));
        Assert.IsType<SecretServiceStore>(store);
        _environment["SESAME_BACKEND"] = "file";
        var file = Factory().Open(StoreSettings.Resolve(_environment));
        Assert.IsType<EncryptedFileStore>(file);
        Assert.Null(file.Get("session/x"));
        Assert.False(File.Exists(_temp.Combine("home", ".local", "share", "sesame", "backend")));
    }

    [Fact]
    public void Automatic_selection_falls_back_to_the_file_and_is_remembered()
    {
        var factory = Factory();
        var settings = StoreSettings.Resolve(_environment);
        var first = factory.Select(settings);
        Assert.Equal("file", first.Name);
        Assert.Contains("chosen automatically", first.How, StringComparison.Ordinal);

        // Once remembered, nothing is probed again even if a keyring appears later.
        _environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent";
        Assert.Equal("file", Factory(new NoProcesses()).Select(settings).Name);
    }

    [Fact]
    public void An_unknown_backend_is_a_config_error_naming_the_choices()
    {
        _environment["SESAME_BACKEND"] = "keyring";
        var error = Assert.Throws<ConfigException>(() => StoreSettings.Resolve(_environment));
        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.Contains("secret-service, keychain, dpapi, pass, file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keychain_and_dpapi_report_their_platform_when_unavailable()
    {
        var statuses = Factory().Describe(StoreSettings.Resolve(_environment)).ToDictionary(s => s.Name);
        Assert.Equal(5, statuses.Count);
        Assert.True(statuses["file"].Available);
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains("macOS", statuses["keychain"].Reason, StringComparison.Ordinal);
            Assert.Contains("Windows", statuses["dpapi"].Reason, StringComparison.Ordinal);
            var error = Assert.Throws<SecretStoreException>(() => Factory().Create("keychain", StoreSettings.Resolve(_environment)).Set("k", "v"u8));
            Assert.Equal(SecretStoreFailure.Unavailable, error.Failure);
        }
    }

    /// <summary>A process runner that fails the test if anything is run.</summary>
    private sealed class NoProcesses : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException($"unexpected process: {spec.FileName}");
    }
}
