using Sesame.Testing;
using Sesame.Core.Errors;

namespace Sesame.Tests.Cli.Secrets;

public sealed class KeysCommandTests : IDisposable
{
    private const string KeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly SesameTester _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Add_prompts_without_echo_stores_the_key_and_adds_the_profile_to_the_config()
    {
        File.WriteAllText(_cli.ConfigPath, "# mine\n[default]\nregion = eu-west-1\n");
        _cli.NewTerminal(KeyId, Secret);

        var (exit, output, _) = _cli.Run("keys", "add", "prod");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("****MPLE", output, StringComparison.Ordinal);
        Assert.Equal("# mine\n[default]\nregion = eu-west-1\n\n[profile prod]\ncredential_process = sesame credential-process prod\n", File.ReadAllText(_cli.ConfigPath));
        Assert.Contains("so the AWS CLI and SDKs use the stored key", output, StringComparison.Ordinal);
        var list = _cli.Run("keys", "list");
        Assert.Matches(@"prod\s+\*\*\*\*MPLE", list.Out);
        Assert.Matches(@"prod\s+static\s+secret store", _cli.Run("list").Out);
        Assert.Contains("access keys from Sesame's secret store", _cli.Run("explain", "prod").Out, StringComparison.Ordinal);
        _cli.AssertNothingLeaked(Secret, KeyId, SesameTester.Passphrase);
    }

    [Fact]
    public void Add_from_env_is_for_scripts_and_needs_no_terminal()
    {
        _cli.Environment["AWS_ACCESS_KEY_ID"] = KeyId;
        _cli.Environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        _cli.Terminal.IsAvailable = false;
        Assert.Equal(0, _cli.Run("keys", "add", "ci", "--from-env").Exit);
        Assert.Contains("\"key_id\": \"****MPLE\"", _cli.Run("keys", "list", "--json").Out, StringComparison.Ordinal);
        _cli.AssertNothingLeaked(Secret, KeyId);
    }

    [Fact]
    public void Add_without_a_terminal_asks_for_from_env_with_exit_4()
    {
        _cli.Terminal.IsAvailable = false;
        var (exit, _, error) = _cli.Run("keys", "add", "prod");
        Assert.Equal(ExitCodes.InteractionRequired, exit);
        SesameTester.AssertOneLineError(error, "--from-env");
    }

    [Fact]
    public void A_malformed_key_id_is_refused_and_not_echoed()
    {
        _cli.NewTerminal("not-a-key", Secret);
        var (exit, _, error) = _cli.Run("keys", "add", "prod");
        Assert.Equal(ExitCodes.ConfigError, exit);
        SesameTester.AssertOneLineError(error, "access key id");
        _cli.AssertNothingLeaked(Secret);
        Assert.False(Directory.Exists(_cli.StoreDirectory));
    }

    [Fact]
    public void Import_with_remove_plaintext_keeps_every_other_byte_and_writes_a_0600_backup()
    {
        const string original = "# team keys\r\n[prod]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\n; rotated 2024\r\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\nregion = us-east-1   # keep\r\n\r\n[dev]\r\naws_access_key_id = AKIADEVDEVDEVDEV1234\r\naws_secret_access_key = devsecretdevsecret\r\n\r\n[temp]\r\naws_access_key_id = ASIATEMPTEMPTEMP9999\r\naws_secret_access_key = t\r\naws_session_token = tok\r\n";
        File.WriteAllText(_cli.CredentialsPath, original);

        var (exit, output, error) = _cli.Run("keys", "import", "--all", "--remove-plaintext");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("skipped 'temp'", error, StringComparison.Ordinal);
        Assert.Equal(
            "# team keys\r\n[prod]\r\n; rotated 2024\r\nregion = us-east-1   # keep\r\n\r\n[dev]\r\n\r\n[temp]\r\naws_access_key_id = ASIATEMPTEMPTEMP9999\r\naws_secret_access_key = t\r\naws_session_token = tok\r\n",
            File.ReadAllText(_cli.CredentialsPath));
        var backup = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_cli.CredentialsPath)!, "credentials.sesame-backup-*"));
        Assert.Equal(original, File.ReadAllText(backup));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        }

        Assert.Contains("~/.aws/" + Path.GetFileName(backup), output, StringComparison.Ordinal);
        Assert.Matches(@"^credentials\.sesame-backup-\d{8}T\d{6}Z-[0-9a-f]{12}$", Path.GetFileName(backup));
        Assert.Contains("[profile prod]\ncredential_process = sesame credential-process prod\n", File.ReadAllText(_cli.ConfigPath), StringComparison.Ordinal);
        var keys = _cli.Run("keys", "list").Out;
        Assert.Matches(@"dev\s+\*\*\*\*1234", keys);
        Assert.Matches(@"prod\s+\*\*\*\*MPLE", keys);
        var list = _cli.Run("list").Out;
        Assert.Matches(@"prod\s+static\s+secret store", list);
        Assert.Matches(@"dev\s+static\s+secret store", list);
        _cli.AssertNothingLeaked(Secret, "devsecretdevsecret", KeyId);
    }

    [Fact]
    public void Import_without_remove_plaintext_leaves_the_file_untouched()
    {
        var original = $"[prod]\naws_access_key_id = {KeyId}\naws_secret_access_key = {Secret}\n";
        File.WriteAllText(_cli.CredentialsPath, original);
        Assert.Equal(0, _cli.Run("keys", "import", "prod").Exit);
        Assert.Equal(original, File.ReadAllText(_cli.CredentialsPath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_cli.CredentialsPath)!, "*.sesame-backup-*"));
        Assert.Contains("****MPLE", _cli.Run("keys", "list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_that_cannot_store_changes_no_file()
    {
        var original = $"[prod]\naws_access_key_id = {KeyId}\naws_secret_access_key = {Secret}\n";
        File.WriteAllText(_cli.CredentialsPath, original);
        _cli.Environment["SESAME_BACKEND"] = "pass";
        _cli.Environment["PASSWORD_STORE_DIR"] = _cli.Temp.Combine("no-pass-store");
        var (exit, _, error) = _cli.Run("keys", "import", "prod", "--remove-plaintext");
        Assert.Equal(ExitCodes.SecretStoreError, exit);
        SesameTester.AssertOneLineError(error, "pass init");
        Assert.Equal(original, File.ReadAllText(_cli.CredentialsPath));
    }

    [Fact]
    public void Remove_deletes_then_reports_a_missing_profile_with_exit_2()
    {
        _cli.NewTerminal(KeyId, Secret);
        _cli.Run("keys", "add", "prod");
        Assert.Equal(0, _cli.Run("keys", "remove", "prod").Exit);
        var (exit, _, error) = _cli.Run("keys", "remove", "prod");
        Assert.Equal(ExitCodes.ConfigError, exit);
        SesameTester.AssertOneLineError(error, "no stored access keys");
    }
}
