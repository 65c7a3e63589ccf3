using Sesame.Testing;
using Sesame.Core.Errors;
using Sesame.Tests.Aws;
using Sesame.Tests.Stores;

namespace Sesame.Tests.Cli.Secrets;

public sealed class BackendsAndLockTests : IDisposable
{
    private readonly SesameTester _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Backends_lists_every_backend_with_availability_reasons_and_the_selection()
    {
        _cli.Environment["DBUS_SESSION_BUS_ADDRESS"] = null;
        _cli.Environment["PASSWORD_STORE_DIR"] = _cli.Temp.Combine("no-pass");
        var (exit, output, _) = _cli.Run("backends");
        Assert.Equal(0, exit);
        Assert.Matches(@"secret-service\s+no\s+no D-Bus session bus", output);
        Assert.Matches(@"pass\s+no\s+no password store", output);
        Assert.Matches(@"\* file\s+yes\s+encrypted file", output);
        Assert.Contains("Using file: set by SESAME_BACKEND.", output, StringComparison.Ordinal);

        var json = System.Text.Json.JsonDocument.Parse(_cli.Run("backends", "--json").Out).RootElement;
        Assert.Equal("file", json.GetProperty("selected").GetString());
        Assert.Equal(5, json.GetProperty("backends").GetArrayLength());
    }

    [Fact]
    public void Automatic_selection_is_remembered_and_a_setting_in_the_config_wins()
    {
        _cli.Environment["SESAME_BACKEND"] = null;
        _cli.Environment["DBUS_SESSION_BUS_ADDRESS"] = null;
        _cli.Environment["PASSWORD_STORE_DIR"] = _cli.Temp.Combine("no-pass");
        Assert.Contains("Using file: chosen automatically", _cli.Run("backends").Out, StringComparison.Ordinal);
        var remembered = Path.Combine(_cli.Temp.Combine("home", ".local", "share", "sesame"), "backend");
        Assert.Equal("file\n", File.ReadAllText(remembered));
        Assert.Contains("remembered in", _cli.Run("backends").Out, StringComparison.Ordinal);

        File.WriteAllText(_cli.ConfigPath, "[default]\nsesame_backend = pass\n");
        Assert.Contains("Using pass: set by sesame_backend at " + _cli.Normalize(_cli.ConfigPath) + ":2", _cli.Run("backends").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Lock_forgets_the_unlocked_key_so_the_next_use_asks_the_terminal_again()
    {
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = null;
        _cli.NewTerminal("first passphrase", "first passphrase");
        Assert.Equal(0, _cli.Run("unlock").Exit);
        Assert.Equal(2, _cli.Terminal.Prompts.Count);

        _cli.NewTerminal();
        Assert.Equal(0, _cli.RunWithInput("JBSWY3DPEHPK3PXP", "mfa", "add", "arn:aws:iam::123456789012:mfa/alice", "--stdin").Exit);
        Assert.Empty(_cli.Terminal.Prompts);

        Assert.Contains("Locked the encrypted store", _cli.Run("lock").Out, StringComparison.Ordinal);
        _cli.NewTerminal("first passphrase");
        Assert.Equal(0, _cli.Run("mfa", "code", "arn:aws:iam::123456789012:mfa/alice").Exit);
        Assert.Single(_cli.Terminal.Prompts);
        Assert.Contains("Locked the encrypted store", _cli.Run("lock").Out, StringComparison.Ordinal);
        Assert.Contains("was not unlocked", _cli.Run("lock").Out, StringComparison.Ordinal);
        _cli.AssertNothingLeaked("first passphrase");
    }

    [Fact]
    public void An_invalid_unlock_timeout_is_a_config_error()
    {
        _cli.Environment["SESAME_UNLOCK_TIMEOUT"] = "forever";
        var (exit, _, error) = _cli.Run("keys", "list");
        Assert.Equal(ExitCodes.ConfigError, exit);
        SesameTester.AssertOneLineError(error, "SESAME_UNLOCK_TIMEOUT 'forever' is not a duration (seconds, or a number with s, m, h or d");
    }
}

/// <summary>keys rotate through the CLI, against moto.</summary>
public sealed class KeysRotateCommandTests(MotoFixture moto) : IClassFixture<MotoFixture>, IDisposable
{
    private readonly SesameTester _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Rotate_prints_masked_ids_only_and_the_stored_key_changes()
    {
        _cli.Http = new SocketsHttpHandler();
        _cli.Environment["AWS_ENDPOINT_URL_IAM"] = moto.Endpoint;
        _cli.Environment["AWS_ENDPOINT_URL_STS"] = moto.Endpoint;
        _cli.Environment["AWS_ACCESS_KEY_ID"] = moto.UserKey.AccessKeyId;
        _cli.Environment["AWS_SECRET_ACCESS_KEY"] = moto.UserKey.SecretAccessKey;
        Assert.Equal(0, _cli.Run("keys", "add", "prod", "--from-env").Exit);

        var (exit, output, error) = _cli.Run("keys", "rotate", "prod");

        Assert.True(exit == 0, error);
        Assert.Contains($"{Core.Credentials.KeyDisplay.Mask(moto.UserKey.AccessKeyId)} -> ****", output, StringComparison.Ordinal);
        Assert.Contains("Deleted old key", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Core.Credentials.KeyDisplay.Mask(moto.UserKey.AccessKeyId), _cli.Run("keys", "list").Out, StringComparison.Ordinal);
        _cli.AssertNothingLeaked(moto.UserKey.SecretAccessKey, moto.UserKey.AccessKeyId);
    }
}

/// <summary>A locked gnome-keyring through the CLI: one line, exit 6.</summary>
public sealed class SecretServiceLockedKeyringCommandTests(SecretServiceFixture keyring) : IClassFixture<SecretServiceFixture>, IDisposable
{
    private readonly SesameTester _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Reading_from_a_locked_keyring_is_exit_6_and_says_how_to_unlock()
    {
        foreach (var (name, value) in keyring.Variables.Where(v => v.Key is "DBUS_SESSION_BUS_ADDRESS" or "XDG_RUNTIME_DIR"))
        {
            _cli.Environment[name] = value;
        }

        _cli.Environment["SESAME_BACKEND"] = "secret-service";
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        _cli.Environment["AWS_SECRET_ACCESS_KEY"] = "locked-keyring-secret";
        Assert.Equal(0, _cli.Run("keys", "add", "prod", "--from-env").Exit);
        Assert.Equal(0, _cli.RunWithInput("JBSWY3DPEHPK3PXP", "mfa", "add", "arn:aws:iam::123456789012:mfa/alice", "--stdin").Exit);
        keyring.LockCollection();

        Assert.Matches(@"prod\s+\*\*\*\*MPLE", _cli.Run("keys", "list").Out);
        var (exit, _, error) = _cli.Run("mfa", "code", "arn:aws:iam::123456789012:mfa/alice");
        Assert.Equal(ExitCodes.SecretStoreError, exit);
        SesameTester.AssertOneLineError(error, "keyring is locked");
        _cli.AssertNothingLeaked("locked-keyring-secret", "JBSWY3DPEHPK3PXP");
    }
}

/// <summary>The pass backend through the CLI.</summary>
public sealed class PassBackendCommandTests(PassFixture pass) : IClassFixture<PassFixture>, IDisposable
{
    private readonly SesameTester _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Keys_and_seeds_round_trip_through_pass_and_list_sees_the_stored_keys()
    {
        foreach (var (name, value) in pass.Variables.Where(v => v.Key is "GNUPGHOME" or "PASSWORD_STORE_DIR"))
        {
            _cli.Environment[name] = value;
        }

        _cli.Environment["SESAME_BACKEND"] = "pass";
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        _cli.Environment["AWS_SECRET_ACCESS_KEY"] = "pass-backend-secret";
        Assert.Equal(0, _cli.Run("keys", "add", "prod", "--from-env").Exit);
        Assert.Matches(@"prod\s+static\s+secret store", _cli.Run("list").Out);
        Assert.Equal(0, _cli.RunWithInput("JBSWY3DPEHPK3PXP", "mfa", "add", "arn:aws:iam::123456789012:mfa/alice", "--stdin").Exit);
        var code = _cli.Run("mfa", "code", "arn:aws:iam::123456789012:mfa/alice");
        Assert.Equal(0, code.Exit);
        Assert.Equal(new Core.Mfa.Totp([.. "Hello!"u8, 0xde, 0xad, 0xbe, 0xef]).Compute(_cli.Time.GetUtcNow()) + "\n", code.Out);
        Assert.Contains("gpg-agent", _cli.Run("lock").Out, StringComparison.Ordinal);
        _cli.AssertNothingLeaked("pass-backend-secret", "JBSWY3DPEHPK3PXP");
    }
}
