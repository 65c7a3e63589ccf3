using System.Text;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

/// <summary>What only the encrypted file backend does: passphrases, caching, damage, crashes, permissions.</summary>
public sealed class EncryptedFileStoreTests : IDisposable
{
    private const string Passphrase = "correct horse battery";
    private readonly TempDirectory _temp = new();
    private readonly TestUnlockCache _cache = new();
    private readonly FixedPassphrase _passphrase = new(Passphrase);

    private string Dir => _temp.Combine("store");

    private EncryptedFileStore Create(IFileSystem? fileSystem = null, IPassphraseSource? passphrase = null)
        => new(Dir, fileSystem ?? PhysicalFileSystem.Instance, passphrase ?? _passphrase, _cache, TimeSpan.FromHours(8), kdfIterations: 1000);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Nothing_is_created_or_asked_until_the_first_write()
    {
        var store = Create();
        Assert.Null(store.Get("keys/prod"));
        Assert.Empty(store.List());
        Assert.False(Directory.Exists(Dir));
        Assert.Equal(0, _passphrase.Asked);
    }

    [Fact]
    public void The_passphrase_is_asked_once_then_the_cached_key_serves_new_processes()
    {
        Create().Set("keys/prod", "secret"u8);
        Assert.Equal(1, _passphrase.Asked);
        Assert.Equal(TimeSpan.FromHours(8), _cache.LastLifetime);

        // A new store object is a new credential_process run: the key comes from the cache.
        Assert.Equal("secret"u8.ToArray(), Create().Get("keys/prod"));
        Assert.Equal(1, _passphrase.Asked);
    }

    [Fact]
    public void Lock_forgets_the_cached_key_so_the_next_read_asks_again()
    {
        Create().Set("keys/prod", "secret"u8);
        Assert.True(Create().Lock());
        Assert.Equal(0, _cache.Count);
        Assert.Equal("secret"u8.ToArray(), Create().Get("keys/prod"));
        Assert.Equal(2, _passphrase.Asked);
    }

    [Fact]
    public void A_wrong_cached_key_is_dropped_and_the_passphrase_asked()
    {
        Create().Set("keys/prod", "secret"u8);
        _cache.Corrupt(Create().VaultId!);
        Assert.Equal("secret"u8.ToArray(), Create().Get("keys/prod"));
        Assert.Equal(2, _passphrase.Asked);
    }

    [Fact]
    public void Listing_needs_no_passphrase()
    {
        Create().Set("keys/prod", "secret"u8, new Dictionary<string, string> { ["key_id"] = "****ABCD" });
        _cache.Remove(_cache.Count == 1 ? IdOfStore() : string.Empty);
        var store = Create(passphrase: new FixedPassphrase("never asked") { Passphrase = "wrong" });
        Assert.Equal("****ABCD", Assert.Single(store.List("keys/")).Metadata["key_id"]);
    }

    [Fact]
    public void A_wrong_passphrase_is_one_line_exit_6_and_changes_nothing()
    {
        Create().Set("keys/prod", "secret"u8);
        var before = Snapshot();
        _cache.Remove(IdOfStore());
        var error = Assert.Throws<SecretStoreException>(() => Create(passphrase: new FixedPassphrase("wrong passphrase")).Get("keys/prod"));
        Assert.Equal(SecretStoreFailure.WrongPassphrase, error.Failure);
        Assert.Equal(ExitCodes.SecretStoreError, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("wrong passphrase for", Passphrase, StringComparison.Ordinal);
        Assert.Throws<SecretStoreException>(() => Create(passphrase: new FixedPassphrase("wrong passphrase")).Set("keys/dev", "x"u8));
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("truncated-header")]
    [InlineData("garbage-header")]
    [InlineData("lowered-iterations")]
    [InlineData("truncated-item")]
    [InlineData("flipped-ciphertext")]
    [InlineData("edited-metadata")]
    [InlineData("swapped-item")]
    public void Damage_and_tampering_are_detected_as_corruption(string damage)
    {
        var store = Create();
        store.Set("keys/prod", "secret-prod"u8, new Dictionary<string, string> { ["key_id"] = "****ABCD" });
        store.Set("keys/dev", "secret-dev"u8);
        var header = Path.Combine(Dir, "vault");
        var item = Path.Combine(Dir, "keys%2Fprod.item");
        var text = File.ReadAllText(item);
        switch (damage)
        {
            case "truncated-header": _cache.Remove(IdOfStore()); File.WriteAllBytes(header, File.ReadAllBytes(header)[..40]); break;
            case "garbage-header": File.WriteAllText(header, "\0\0not json"); break;
            case "lowered-iterations":
                var id = IdOfStore();
                File.WriteAllText(header, File.ReadAllText(header).Replace("iterations 1000\n", "iterations 999\n", StringComparison.Ordinal));
                _cache.Remove(id);
                break;
            case "truncated-item": File.WriteAllText(item, text[..(text.Length / 2)]); break;
            case "flipped-ciphertext":
                var encoded = text.Split('\n').Single(l => l.StartsWith("data ", StringComparison.Ordinal))[5..];
                var data = Convert.FromBase64String(encoded);
                data[0] ^= 1;
                File.WriteAllText(item, text.Replace(encoded, Convert.ToBase64String(data), StringComparison.Ordinal));
                break;
            case "edited-metadata": File.WriteAllText(item, text.Replace("****ABCD", "****ZZZZ", StringComparison.Ordinal)); break;
            case "swapped-item": File.Copy(Path.Combine(Dir, "keys%2Fdev.item"), item, overwrite: true); break;
        }

        var error = Assert.ThrowsAny<SecretStoreException>(() => Create().Get("keys/prod"));
        Assert.Contains(damage == "lowered-iterations" ? SecretStoreFailure.WrongPassphrase : SecretStoreFailure.Corrupted, new[] { error.Failure });
        Assert.Equal(ExitCodes.SecretStoreError, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("secret-prod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_that_fails_before_the_rename_leaves_the_previous_secret_intact()
    {
        Create().Set("keys/prod", "old-secret"u8, new Dictionary<string, string> { ["key_id"] = "****OLD1" });
        var crashing = new PhysicalFileSystem(_ => throw new IOException("disk full (injected)"));
        Assert.Throws<IOException>(() => Create(crashing).Set("keys/prod", "new-secret"u8, new Dictionary<string, string> { ["key_id"] = "****NEW2" }));

        var store = Create();
        Assert.Equal("old-secret"u8.ToArray(), store.Get("keys/prod"));
        Assert.Equal("****OLD1", Assert.Single(store.List()).Metadata["key_id"]);
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp"));
    }

    [Fact]
    public void A_failed_creation_of_the_store_leaves_nothing_half_made()
    {
        var crashing = new PhysicalFileSystem(_ => throw new IOException("killed (injected)"));
        Assert.Throws<IOException>(() => Create(crashing).Set("keys/prod", "s"u8));
        Assert.False(File.Exists(Path.Combine(Dir, "vault")));
        Create().Set("keys/prod", "s"u8);
        Assert.Equal("s"u8.ToArray(), Create().Get("keys/prod"));
    }

    [Fact]
    public void Many_writers_at_once_lose_nothing_and_corrupt_nothing()
    {
        Create().Set("warm-up", "x"u8);
        Parallel.For(0, 8, writer =>
        {
            var store = Create();
            for (var i = 0; i < 25; i++)
            {
                store.Set($"session/w{writer}-{i}", Encoding.UTF8.GetBytes($"{writer}:{i}"));
                store.Set("session/shared", Encoding.UTF8.GetBytes($"shared {writer}:{i}"));
            }
        });

        var reader = Create();
        for (var writer = 0; writer < 8; writer++)
        {
            for (var i = 0; i < 25; i++)
            {
                Assert.Equal($"{writer}:{i}", Encoding.UTF8.GetString(reader.Get($"session/w{writer}-{i}")!));
            }
        }

        Assert.StartsWith("shared ", Encoding.UTF8.GetString(reader.Get("session/shared")!), StringComparison.Ordinal);
        Assert.Equal(8 * 25 + 1, reader.List("session/").Count);
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp"));
    }

    [Fact]
    public void Files_are_owner_only_and_hold_no_plaintext_secret()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Create().Set("keys/prod", "plaintext-canary-1234"u8, new Dictionary<string, string> { ["profile"] = "prod" });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Dir));
        foreach (var file in Directory.GetFiles(Dir))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.DoesNotContain("plaintext-canary-1234", File.ReadAllText(file), StringComparison.Ordinal);
            Assert.DoesNotContain(Passphrase, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_header_records_the_kdf_and_its_parameters()
    {
        Create().Set("k", "v"u8);
        var header = HeaderLines();
        Assert.Equal("1", header["sesame-vault"]);
        Assert.Equal("pbkdf2-hmac-sha256", header["kdf"]);
        Assert.Equal("1000", header["iterations"]);
        Assert.Equal(16, Convert.FromBase64String(header["salt"]).Length);
        Assert.Equal("aes-256-gcm", header["cipher"]);
    }

    [Fact]
    public void The_default_kdf_cost_is_600000_iterations()
    {
        var store = new EncryptedFileStore(Dir, PhysicalFileSystem.Instance, _passphrase, _cache, TimeSpan.Zero);
        store.Set("k", "v"u8);
        Assert.Equal("600000", HeaderLines()["iterations"]);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Without_a_terminal_or_variable_a_locked_store_asks_for_interaction()
    {
        Create().Set("keys/prod", "s"u8);
        _cache.Remove(IdOfStore());
        var prompt = new PassphrasePrompt(new TestEnvironment(), new TestTerminal { IsAvailable = false });
        var error = Assert.Throws<InteractionRequiredException>(() => Create(passphrase: prompt).Get("keys/prod"));
        Assert.Contains("SESAME_FILE_PASSPHRASE", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InteractionRequired, error.ExitCode);
    }

    [Fact]
    public void A_new_store_asks_for_the_passphrase_twice_on_the_terminal()
    {
        var terminal = new TestTerminal().Answer("short", "a long passphrase", "a long passphrase typo", "a long passphrase", "a long passphrase");
        Create(passphrase: new PassphrasePrompt(new TestEnvironment(), terminal)).Set("k", "v"u8);
        Assert.Equal(5, terminal.Prompts.Count);
        _cache.Remove(IdOfStore());
        Assert.Equal("v"u8.ToArray(), Create(passphrase: new FixedPassphrase("a long passphrase")).Get("k"));
    }

    private string IdOfStore() => Create().VaultId!;

    private Dictionary<string, string> HeaderLines()
        => File.ReadAllLines(Path.Combine(Dir, "vault")).Where(l => l.Length > 0).ToDictionary(l => l[..l.IndexOf(' ', StringComparison.Ordinal)], l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    private Dictionary<string, string> Snapshot()
        => Directory.GetFiles(Dir).ToDictionary(f => f, f => Convert.ToBase64String(File.ReadAllBytes(f)));
}
