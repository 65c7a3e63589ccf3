using Sesame.Testing;
using Sesame.Core.Errors;
using Sesame.Core.Mfa;

namespace Sesame.Tests.Cli.Secrets;

public sealed class MfaCommandTests : IDisposable
{
    private const string Serial = "arn:aws:iam::123456789012:mfa/alice";
    private const string Seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private readonly SesameTester _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Add_from_the_terminal_then_code_prints_the_rfc6238_code_for_now()
    {
        _cli.NewTerminal($"otpauth://totp/AWS:alice?secret={Seed}&issuer=AWS");
        var (exit, output, _) = _cli.Run("mfa", "add", Serial);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("SHA1, 6 digits, 30s", output, StringComparison.Ordinal);

        var code = _cli.Run("mfa", "code", Serial);
        Assert.Equal(0, code.Exit);
        var expected = new Totp("12345678901234567890"u8).Compute(_cli.Time.GetUtcNow());
        Assert.Equal(expected + "\n", code.Out);
        Assert.Contains("AWS", _cli.Run("mfa", "list").Out, StringComparison.Ordinal);
        _cli.AssertNothingLeaked(Seed, "12345678901234567890", SesameTester.Passphrase);
    }

    [Fact]
    public void Code_accepts_a_profile_that_names_the_serial()
    {
        File.WriteAllText(_cli.ConfigPath, $"[profile prod]\nmfa_serial = {Serial}\n");
        _cli.RunWithInput(Seed + "\n", "mfa", "add", Serial, "--stdin", "--digits", "8", "--algorithm", "sha256");
        var code = _cli.Run("mfa", "code", "prod");
        Assert.Equal(0, code.Exit);
        Assert.Equal(new Totp("12345678901234567890"u8, TotpAlgorithm.Sha256, 8).Compute(_cli.Time.GetUtcNow()) + "\n", code.Out);
        _cli.AssertNothingLeaked(Seed);
    }

    [Fact]
    public void An_invalid_seed_is_one_line_exit_2_without_the_seed_and_nothing_is_stored()
    {
        const string bad = "JBSWY3DP1HPK3PXP-NOT-BASE32";
        var (exit, _, error) = _cli.RunWithInput(bad, "mfa", "add", Serial, "--stdin");
        Assert.Equal(ExitCodes.ConfigError, exit);
        SesameTester.AssertOneLineError(error, "not valid base32");
        _cli.AssertNothingLeaked(bad, "JBSWY3DP");
        Assert.False(Directory.Exists(_cli.StoreDirectory));
    }

    [Fact]
    public void Code_without_a_stored_seed_says_how_to_add_one()
    {
        var (exit, _, error) = _cli.Run("mfa", "code", Serial);
        Assert.Equal(ExitCodes.ConfigError, exit);
        SesameTester.AssertOneLineError(error, "sesame mfa add " + Serial);
    }

    [Fact]
    public void Remove_deletes_the_seed()
    {
        _cli.RunWithInput(Seed, "mfa", "add", Serial, "--stdin");
        Assert.Equal(0, _cli.Run("mfa", "remove", Serial).Exit);
        Assert.Equal(ExitCodes.ConfigError, _cli.Run("mfa", "code", Serial).Exit);
    }
}
