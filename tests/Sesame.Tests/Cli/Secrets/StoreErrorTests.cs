using Sesame.Testing;
using Sesame.Core.Errors;

namespace Sesame.Tests.Cli.Secrets;

/// <summary>Bad passphrases, damaged files, unavailable backends: one line, a documented exit code, nothing lost.</summary>
public sealed class StoreErrorTests : IDisposable
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly SesameTester _cli = new();

    public StoreErrorTests()
    {
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        _cli.Environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        Assert.Equal(0, _cli.Run("keys", "add", "prod", "--from-env").Exit);
        _cli.UnlockCache.Remove(File.ReadAllLines(Path.Combine(_cli.StoreDirectory, "vault")).Single(l => l.StartsWith("id ", StringComparison.Ordinal))[3..]);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_wrong_passphrase_is_exit_6_in_one_line_and_the_store_is_unchanged()
    {
        var before = Snapshot();
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = "not the passphrase";
        var (exit, _, error) = _cli.Run("keys", "add", "dev", "--from-env");
        Assert.Equal(ExitCodes.SecretStoreError, exit);
        SesameTester.AssertOneLineError(error, "wrong passphrase");
        Assert.Equal(before, Snapshot());
        _cli.AssertNothingLeaked(Secret, "not the passphrase", SesameTester.Passphrase);
    }

    [Fact]
    public void A_wrong_passphrase_typed_on_the_terminal_is_not_echoed()
    {
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = null;
        _cli.NewTerminal("typed-wrong-passphrase");
        var (exit, _, error) = _cli.Run("mfa", "code", "arn:aws:iam::123456789012:mfa/x");
        Assert.Equal(ExitCodes.ConfigError, exit);
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPL2";
        (exit, _, error) = _cli.Run("keys", "add", "dev", "--from-env");
        Assert.Equal(ExitCodes.SecretStoreError, exit);
        SesameTester.AssertOneLineError(error, "wrong passphrase");
        _cli.AssertNothingLeaked("typed-wrong-passphrase", Secret);
    }

    [Fact]
    public void Without_a_terminal_a_locked_store_is_exit_4_naming_the_variable()
    {
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = null;
        _cli.Terminal.IsAvailable = false;
        var (exit, _, error) = _cli.Run("keys", "add", "dev", "--from-env");
        Assert.Equal(ExitCodes.InteractionRequired, exit);
        SesameTester.AssertOneLineError(error, "SESAME_FILE_PASSPHRASE");
    }

    [Theory]
    [InlineData("vault", 25)]
    [InlineData("keys%2Fprod.item", 60)]
    public void A_truncated_store_file_is_exit_6_in_one_line(string file, int keep)
    {
        var path = Path.Combine(_cli.StoreDirectory, file);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPL2";
        var (exit, _, error) = file == "vault" ? _cli.Run("keys", "add", "dev", "--from-env") : _cli.Run("keys", "rotate", "prod");
        Assert.Equal(ExitCodes.SecretStoreError, exit);
        SesameTester.AssertOneLineError(error, "is corrupted");
    }

    [Fact]
    public void Listing_survives_a_damaged_item_and_still_shows_the_others()
    {
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPL2";
        _cli.Run("keys", "add", "dev", "--from-env");
        File.WriteAllText(Path.Combine(_cli.StoreDirectory, "keys%2Fprod.item"), "{garbage");
        var (exit, output, _) = _cli.Run("keys", "list");
        Assert.Equal(0, exit);
        Assert.Contains("dev", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_backend_name_is_a_config_error()
    {
        _cli.Environment["SESAME_BACKEND"] = "vault9000";
        var (exit, _, error) = _cli.Run("keys", "list");
        Assert.Equal(ExitCodes.ConfigError, exit);
        SesameTester.AssertOneLineError(error, "SESAME_BACKEND 'vault9000' is not a secret-store backend; choose one of");
    }

    [Fact]
    public void An_unavailable_secret_service_is_exit_6_in_one_line_naming_the_way_out()
    {
        _cli.Environment["SESAME_BACKEND"] = "secret-service";
        _cli.Environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + _cli.Temp.Combine("no-bus");
        var (exit, _, error) = _cli.Run("keys", "add", "dev", "--from-env");
        Assert.Equal(ExitCodes.SecretStoreError, exit);
        SesameTester.AssertOneLineError(error, "SESAME_BACKEND");
        _cli.AssertNothingLeaked(Secret);
    }

    [Fact]
    public void List_still_works_when_the_store_is_unavailable_with_a_note()
    {
        File.WriteAllText(_cli.ConfigPath, "[profile prod]\nregion = us-east-1\n");
        _cli.Environment["SESAME_BACKEND"] = "secret-service";
        _cli.Environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + _cli.Temp.Combine("no-bus");
        var (exit, output, error) = _cli.Run("list");
        Assert.Equal(0, exit);
        Assert.Contains("prod", output, StringComparison.Ordinal);
        Assert.Contains("stored keys are not shown", error, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Snapshot()
        => Directory.GetFiles(_cli.StoreDirectory).ToDictionary(f => f, f => Convert.ToBase64String(File.ReadAllBytes(f)));
}
