using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

/// <summary>
/// The store's folders follow the rules of every Sesame folder setting (docs/settings.md): <c>SESAME_FILE_DIR</c>
/// and <c>sesame_file_dir</c> are expanded and must then be absolute (a bad key names its file and line), and an
/// <c>XDG_DATA_HOME</c> that is not absolute is ignored, as the XDG specification says. Nothing creates a folder
/// named <c>~</c> or <c>$HOME</c> below the working folder.
/// </summary>
public sealed class StoreFolderSettingsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestEnvironment _environment;

    public StoreFolderSettingsTests()
    {
        _environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Combine("home") });
    }

    public void Dispose() => _temp.Dispose();

    private static ProfileSet Config(string text) => ProfileSet.Build(ConfigFile.Parse("/home/u/.aws/config", ConfigFileKind.Config, text), null);

    [Theory]
    [InlineData("store")]
    [InlineData("./store")]
    [InlineData("$NOT_SET_ANYWHERE/store")]
    public void A_relative_sesame_file_dir_variable_is_a_typed_error_naming_it(string value)
    {
        _environment["SESAME_FILE_DIR"] = value;

        var error = Assert.Throws<UnsafeFileException>(() => StoreSettings.Resolve(_environment));

        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.StartsWith("SESAME_FILE_DIR (", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be an absolute path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_sesame_file_dir_key_names_its_file_and_line()
    {
        var profiles = Config("[default]\nregion = eu-west-1\nsesame_file_dir = vault\n");

        var error = Assert.Throws<ConfigException>(() => StoreSettings.Resolve(_environment, profiles));

        Assert.Equal(("/home/u/.aws/config", 3), (error.File, error.Line));
        Assert.StartsWith("/home/u/.aws/config:3: sesame_file_dir 'vault' must be an absolute path, but it is a relative path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sesame_file_dir_key_with_an_unset_variable_names_it()
    {
        var error = Assert.Throws<ConfigException>(() => StoreSettings.Resolve(_environment, Config("[default]\nsesame_file_dir = $NOT_SET_ANYWHERE/vault\n")));

        Assert.Equal(2, error.Line);
        Assert.Contains("it names a variable that is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sesame_file_dir_that_names_a_file_is_refused()
    {
        var file = _temp.Write("a-file", "x");
        _environment["SESAME_FILE_DIR"] = file;

        Assert.Equal(FileRefusal.NotAFolder, Assert.Throws<UnsafeFileException>(() => StoreSettings.Resolve(_environment)).Refusal);
        Assert.Equal(2, Assert.Throws<ConfigException>(() => StoreSettings.Resolve(new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _temp.Path }), Config($"[default]\nsesame_file_dir = {file}\n"))).Line);
    }

    [Fact]
    public void Tilde_and_variables_expand_in_both()
    {
        _environment["VAULTS"] = _temp.Combine("vaults");

        Assert.Equal(_temp.Combine("home", "vault"), StoreSettings.Resolve(_environment, Config("[default]\nsesame_file_dir = ~/vault\n")).FileDirectory);
        _environment["SESAME_FILE_DIR"] = "$VAULTS/mine";
        Assert.Equal(_temp.Combine("vaults", "mine"), StoreSettings.Resolve(_environment).FileDirectory);
    }

    [Theory]
    [InlineData("relative/data")]
    [InlineData("~user-that-is-not-expanded/data")]
    [InlineData("$NOT_SET_ANYWHERE/data")]
    public void An_xdg_data_home_that_is_not_absolute_is_ignored(string value)
    {
        _environment["XDG_DATA_HOME"] = value;

        var settings = StoreSettings.Resolve(_environment);

        Assert.Equal(_temp.Combine("home", ".local", "share", "sesame"), settings.DataDirectory);
        Assert.Equal(_temp.Combine("home", ".local", "share", "sesame", "store"), settings.FileDirectory);
    }

    [Fact]
    public void An_xdg_data_home_with_a_tilde_is_expanded()
    {
        _environment["XDG_DATA_HOME"] = "~/data";

        Assert.Equal(_temp.Combine("home", "data", "sesame"), StoreSettings.Resolve(_environment).DataDirectory);
    }

    [Fact]
    public void Setup_with_a_relative_folder_key_is_one_line_with_file_and_line_and_creates_nothing()
    {
        using var cli = new SesameTester();
        cli.Environment["SESAME_FILE_DIR"] = null;
        cli.WithConfig("[default]\nsesame_file_dir = relative-vault-of-a-test\n");

        var run = cli.Run("setup");

        Assert.Equal(ExitCodes.ConfigError, run.Exit);
        SesameTester.AssertOneLineError(run.Err, "<HOME>/.aws/config:2: sesame_file_dir 'relative-vault-of-a-test' must be an absolute path");
        Assert.False(Directory.Exists("relative-vault-of-a-test"));
    }
}
