using System.Globalization;
using Sesame.Core.Platform;
using Sesame.Core.Sso;
using Sesame.Core.Config;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>
/// The attack's repros through the real binary: links planted where Sesame writes secrets receive
/// nothing, and with umask 000 every folder Sesame creates is still 0700 and every file 0600.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PlantedLinkAndUmaskTests
{
    private const string KeyId = "AKIAEXAMPLEPLANTED01";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzPLANTEDKEY";
    private const string Passphrase = "pass phrase for the planted-link tests";

    [Fact]
    public async Task A_link_planted_at_a_store_item_receives_nothing_and_keys_add_says_why()
    {
        using var home = new TempDirectory("sesame-harden-home");
        using var outside = new TempDirectory("sesame-harden-target");
        var target = outside.Write("catch", "untouched");
        var store = home.Combine("store");
        Directory.CreateDirectory(store);
        File.SetUnixFileMode(store, FileModes.OwnerAll);
        var environment = Environment_(home.Path, store);

        // Create the store first, then plant the link where the item will go.
        Assert.Equal(0, (await AddKeysAsync("first", environment)).ExitCode);
        File.CreateSymbolicLink(Path.Combine(store, "keys%2Fprod.item"), target);

        var add = await AddKeysAsync("prod", environment);

        Assert.Equal(2, add.ExitCode);
        Assert.Contains("symbolic link", add.StandardError, StringComparison.Ordinal);
        Assert.Equal("untouched", File.ReadAllText(target));
        SecretScan.AssertNoSecrets(add.AllOutput, Secret, Passphrase);
    }

    [Fact]
    public async Task A_link_planted_at_the_backup_name_receives_no_plaintext_key()
    {
        using var home = new TempDirectory("sesame-harden-home");
        using var outside = new TempDirectory("sesame-harden-target");
        home.Write(".aws/credentials", $"[prod]\naws_access_key_id = {KeyId}\naws_secret_access_key = {Secret}\n");
        home.Write(".aws/config", "[profile prod]\nregion = us-east-1\n");
        var environment = Environment_(home.Path, home.Combine("store"));

        // The backup is named after the current UTC second; plant links for the next seconds.
        var now = DateTime.UtcNow;
        var planted = new List<string>();
        for (var s = 0; s < 120; s++)
        {
            var stamp = now.AddSeconds(s).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var link = home.Combine(".aws", "credentials.sesame-backup-" + stamp);
            var target = Path.Combine(outside.Path, stamp);
            File.CreateSymbolicLink(link, target);
            planted.Add(target);
        }

        var import = await Binary.RunAsync(["keys", "import", "prod", "--remove-plaintext"], environment);

        Assert.NotEqual(1, import.ExitCode);
        foreach (var target in planted)
        {
            Assert.False(File.Exists(target), "a planted link was written through");
        }

        Assert.Empty(Directory.GetFiles(outside.Path));
        SecretScan.AssertNoSecrets(import.AllOutput, Secret, Passphrase);
    }

    [Fact]
    public void A_link_planted_at_an_sso_cache_file_receives_no_token()
    {
        using var home = new TempDirectory("sesame-harden-home");
        using var outside = new TempDirectory("sesame-harden-target");
        var target = Path.Combine(outside.Path, "tokens");
        var environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = home.Path });
        var cache = new SsoTokenCache(new ConfigFileLocator(environment), PhysicalFileSystem.Instance);
        var path = cache.PathFor("my-sso");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        const string AccessToken = "aoaAAAAAGPlantedAccessTokenValue";

        var error = Assert.Throws<UnsafeFileException>(() => cache.Write("my-sso", new SsoTokenFile(AccessToken, DateTimeOffset.UtcNow.AddHours(1), RefreshToken: "aorAAAAAGPlantedRefresh")));

        Assert.False(File.Exists(target));
        SecretScan.AssertNoSecrets(error.Message, AccessToken);
    }

    [Fact]
    public async Task With_umask_000_every_folder_sesame_creates_is_0700_and_every_file_0600()
    {
        using var home = new TempDirectory("sesame-harden-home");
        var store = home.Combine("data", "sesame", "store");
        var environment = Environment_(home.Path, store);
        environment["AWS_ACCESS_KEY_ID"] = KeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = Secret;

        var add = await Binary.RunAsync(["keys", "add", "prod", "--from-env"], environment, umask: "000");
        var list = await Binary.RunAsync(["list"], environment, umask: "000");

        Assert.Equal(0, add.ExitCode);
        Assert.Equal(0, list.ExitCode);
        var created = new[] { home.Combine(".aws"), home.Combine("data"), home.Combine("data", "sesame"), store, home.Combine(".cache"), home.Combine(".cache", "sesame") };
        foreach (var folder in created.Where(Directory.Exists))
        {
            Assert.True(Binary.Mode(folder) == FileModes.OwnerAll, $"{folder} is {Convert.ToString((int)Binary.Mode(folder), 8)}");
        }

        Assert.True(Directory.Exists(store));
        var files = new[] { store, home.Combine(".cache", "sesame") }.Where(Directory.Exists).SelectMany(Directory.GetFiles).Append(home.Combine(".aws", "config"));
        foreach (var file in files)
        {
            Assert.True(Binary.Mode(file) == FileModes.OwnerReadWrite, $"{file} is {Convert.ToString((int)Binary.Mode(file), 8)}");
        }
    }

    [Fact]
    public async Task With_umask_000_lock_folders_and_lock_files_are_private()
    {
        using var home = new TempDirectory("sesame-harden-home");
        home.Write(".aws/config", "[profile base]\naws_access_key_id = AKIAEXAMPLEBASEKEY01\naws_secret_access_key = s\n\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n");
        var environment = Binary.Environment_(home.Path, ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), ("SESAME_LOCK_DIR", home.Combine("run", "locks")));

        await Binary.RunAsync(["export", "app"], environment, umask: "000");

        Assert.Equal(FileModes.OwnerAll, Binary.Mode(home.Combine("run")));
        Assert.Equal(FileModes.OwnerAll, Binary.Mode(home.Combine("run", "locks")));
        var locks = Directory.GetFiles(home.Combine("run", "locks"));
        Assert.NotEmpty(locks);
        Assert.All(locks, l => Assert.Equal(FileModes.OwnerReadWrite, Binary.Mode(l)));
    }

    private static Task<SesameRun> AddKeysAsync(string profile, Dictionary<string, string> environment)
        => Binary.RunAsync(["keys", "add", profile, "--from-env"], new Dictionary<string, string>(environment) { ["AWS_ACCESS_KEY_ID"] = KeyId, ["AWS_SECRET_ACCESS_KEY"] = Secret });

    private static Dictionary<string, string> Environment_(string home, string store)
        => Binary.Environment_(home, ("SESAME_BACKEND", "file"), ("SESAME_FILE_DIR", store), ("SESAME_FILE_PASSPHRASE", Passphrase));
}
