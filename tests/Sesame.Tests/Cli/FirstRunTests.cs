using Sesame.Core.Errors;
using Sesame.Testing;
using Sesame.Tests.Engine;

namespace Sesame.Tests.Cli;

/// <summary>
/// The first five minutes: no store is created behind the user's back, a locked or missing store never
/// degrades every call, and <c>status</c> says "valid" only when the next use can read what is cached.
/// </summary>
public sealed class FirstRunTests : IDisposable
{
    private const string Config = """
        [profile one]
        role_arn = arn:aws:iam::111111111111:role/One
        source_profile = base
        [profile two]
        role_arn = arn:aws:iam::222222222222:role/Two
        source_profile = one
        [profile three]
        role_arn = arn:aws:iam::333333333333:role/Three
        source_profile = two
        """;

    private readonly SesameTester _cli = new();
    private readonly FakeSts _sts;

    public FirstRunTests()
    {
        _sts = new FakeSts(_cli.Time);
        _cli.Sts = () => _sts;
        _cli.WithConfig(Config).WithCredentials("[base]\naws_access_key_id = AKIAFIRSTRUN0000001\naws_secret_access_key = first-run-secret\n");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Without_a_store_a_three_role_chain_is_cached_in_the_keyring_with_one_warning_and_no_store_is_created()
    {
        // A new user: no backend chosen, no passphrase, no terminal (the AWS CLI calling credential_process).
        _cli.Environment["SESAME_BACKEND"] = "file";
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = null;

        var first = _cli.Run("credential-process", "three");

        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(3, _sts.Count("AssumeRole"));
        var warnings = first.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var warning = Assert.Single(warnings);
        Assert.Contains("no secret store is set up yet (run 'sesame setup' to create one)", warning, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.StoreDirectory), "no store may be created without the user");

        var second = _cli.Run("credential-process", "three");
        Assert.Equal(0, second.Exit);
        Assert.Equal(first.Out, second.Out);
        Assert.Equal(string.Empty, second.Err);
        Assert.Equal(3, _sts.Count("AssumeRole"));
        Assert.Equal(0, _cli.Run("status", "three").Exit);

        Assert.Equal("cleared 3 cached sessions", _cli.Run("clear", "--all").Out.Trim());
        Assert.Equal(11, _cli.Run("status", "three").Exit);
    }

    [Fact]
    public void A_locked_store_without_a_terminal_is_neither_asked_nor_warned_about_on_every_call()
    {
        Assert.Equal(0, _cli.Run("unlock").Exit);
        _cli.UnlockCache.Remove(_cli.UnlockCache.Ids.Single());
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = null;

        var first = _cli.Run("credential-process", "three");
        var second = _cli.Run("credential-process", "three");

        Assert.Equal((0, 0), (first.Exit, second.Exit));
        Assert.Single(first.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("store is locked and there is no terminal", first.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, second.Err);
        Assert.Equal(3, _sts.Count("AssumeRole"));
    }

    [Fact]
    public void Status_says_store_locked_when_the_next_use_would_have_to_ask_for_the_passphrase()
    {
        Assert.Equal(0, _cli.Run("credential-process", "three").Exit);
        Assert.Equal(0, _cli.Run("status", "three").Exit);

        // Log out (the keyring is emptied) and come back without the passphrase.
        foreach (var id in _cli.UnlockCache.Ids.ToList())
        {
            _cli.UnlockCache.Remove(id);
        }

        _cli.Environment["SESAME_FILE_PASSPHRASE"] = null;
        var status = _cli.Run("status", "three");

        Assert.Equal(ExitCodes.StatusStoreLocked, status.Exit);
        Assert.Contains("three: store-locked: valid until", status.Out, StringComparison.Ordinal);
        Assert.Contains("run 'sesame unlock'", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Setup_creates_the_file_store_deliberately_with_a_new_passphrase_asked_twice()
    {
        _cli.Environment["SESAME_FILE_PASSPHRASE"] = null;
        _cli.NewTerminal("a long passphrase", "a long passphrase");

        var run = _cli.Run("setup");

        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("Created the encrypted store at", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, _cli.Terminal.Prompts.Count);
        Assert.True(File.Exists(Path.Combine(_cli.StoreDirectory, "vault")));
        _cli.AssertNothingLeaked("a long passphrase");

        Assert.Contains("Using the file store", _cli.Run("setup").Out, StringComparison.Ordinal);
    }
}
