using Sesame.Testing;

namespace Sesame.Tests.Cli;

/// <summary>
/// What the README promises about <c>status</c> (it runs on every shell prompt): it writes nothing but Sesame's
/// own non-secret list of validated config versions, <c>~/.cache/sesame/validated-configs</c>. Proven on the
/// real binary by snapshotting every file and folder of the home before and after, across every state.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StatusWritesNothingTests : IDisposable
{
    private const string Config = """
        [default]
        region = eu-west-1

        [profile keys]
        region = eu-west-1

        [profile role]
        role_arn = arn:aws:iam::111111111111:role/R
        source_profile = keys

        [profile mfa]
        role_arn = arn:aws:iam::111111111111:role/M
        source_profile = keys
        mfa_serial = arn:aws:iam::111111111111:mfa/alice

        [profile sso]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Dev

        [sso-session corp]
        sso_start_url = https://d-1234567890.awsapps.com/start
        sso_region = eu-west-1

        """;

    private readonly TempDirectory _temp = new("sesame-status");

    public void Dispose() => _temp.Dispose();

    private string Home => _temp.Combine("home");

    [Fact]
    public async Task Status_writes_nothing_but_the_validated_configs_list_in_any_state()
    {
        _temp.Write("home/.aws/config", Config);
        _temp.Write("home/.aws/credentials", "[keys]\naws_access_key_id = AKIAEXAMPLESTATUS001\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiSTATUS0001\n");
        var withStore = Environment(("SESAME_FILE_PASSPHRASE", "status-test-passphrase"));
        Assert.Equal(0, (await SesameProcess.RunAsync(["setup"], withStore)).ExitCode);
        var validated = Path.Combine(Home, ".cache", "sesame", "validated-configs");
        File.Delete(validated);
        var before = Snapshot();

        var exits = new List<int>();
        foreach (var environment in new[] { withStore, Environment() })
        {
            foreach (var profile in new[] { "default", "keys", "role", "mfa", "sso", "nosuch" })
            {
                exits.Add((await SesameProcess.RunAsync(["status", profile], environment)).ExitCode);
                exits.Add((await SesameProcess.RunAsync(["status", profile, "--json"], environment)).ExitCode);
            }
        }

        var after = Snapshot();
        Assert.Contains(13, exits);
        Assert.Contains(2, exits);
        Assert.Equal(before.Where(e => e.Key != validated).ToList(), after.Where(e => e.Key != validated).ToList());
        Assert.True(after.ContainsKey(validated), "status remembers the validated config version (the one file it may write)");
    }

    private Dictionary<string, string> Environment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["SESAME_BACKEND"] = "file",
            ["SESAME_UNLOCK_TIMEOUT"] = "0",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    // Every file (size, time, content) and every folder under the home.
    private SortedDictionary<string, string> Snapshot()
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(Home, "*", SearchOption.AllDirectories))
        {
            entries[path] = Directory.Exists(path)
                ? "folder"
                : $"{File.GetLastWriteTimeUtc(path):O} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))}";
        }

        return entries;
    }
}
