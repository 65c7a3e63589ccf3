using Sesame.Core.Mfa;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Pass;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>Helpers get the environment they need and never Sesame's secrets: real scripts dump what they see.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HelperEnvironmentTests : IDisposable
{
    private const string Passphrase = "file-store passphrase 0xDEADBEEF";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzHELPER";
    private readonly TempDirectory _temp = new("sesame-harden");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Credential_process_sees_the_environment_but_not_the_store_passphrase()
    {
        var dump = _temp.Combine("env.txt");
        var environment = Environment_(("SESAME_FILE_PASSPHRASE", Passphrase), ("SESAME_BACKUP_TOKEN", "hidden-by-name"), ("AWS_REGION", "eu-west-1"), ("DUMP", dump));
        var provider = new CredentialProcessProvider("dev", $"env > \"$DUMP\"; echo '{{\"Version\": 1, \"AccessKeyId\": \"AKIAX\", \"SecretAccessKey\": \"s\"}}'", null, ProcessRunner.Instance, environment, TimeProvider.System);

        await provider.GetAsync();

        var seen = File.ReadAllText(dump);
        SecretScan.AssertNoSecrets(seen, Passphrase, "hidden-by-name");
        Assert.Contains("AWS_REGION=eu-west-1", seen, StringComparison.Ordinal);
        Assert.Contains($"HOME={_temp.Path}", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mfa_process_does_not_see_the_store_passphrase()
    {
        var dump = _temp.Combine("env.txt");
        var environment = Environment_(("SESAME_FILE_PASSPHRASE", Passphrase), ("DUMP", dump));
        var source = new MfaProcessSource(_ => "env > \"$DUMP\"; echo 123456", ProcessRunner.Instance, environment);

        Assert.Equal("123456", await source.GetCodeAsync("arn:aws:iam::123456789012:mfa/u", "dev", 1, CancellationToken.None));

        SecretScan.AssertNoSecrets(File.ReadAllText(dump), Passphrase);
    }

    [Fact]
    public async Task A_helper_never_inherits_the_passphrase_from_the_process_environment_either()
    {
        // The runner itself strips secrets it would otherwise inherit (a spec that does not replace the environment).
        var dump = _temp.Combine("env.txt");
        Environment.SetEnvironmentVariable("SESAME_TEST_ONLY_PASSPHRASE", Passphrase);
        try
        {
            var spec = new ProcessSpec("/bin/sh", ["-c", $"env > '{dump}'"]) { Timeout = TimeSpan.FromSeconds(30) };
            await ProcessRunner.Instance.RunAsync(spec);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SESAME_TEST_ONLY_PASSPHRASE", null);
        }

        SecretScan.AssertNoSecrets(File.ReadAllText(dump), Passphrase);
    }

    [Fact]
    public async Task The_browser_sees_neither_the_passphrase_nor_aws_credentials()
    {
        var dump = _temp.Combine("env.txt");
        var script = _temp.Write("browser.sh", $"#!/bin/sh\nenv > '{dump}.part' && mv '{dump}.part' '{dump}'\n");
        File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("700", 8));
        var environment = Environment_(("SESAME_FILE_PASSPHRASE", Passphrase), ("AWS_SECRET_ACCESS_KEY", AwsSecret), ("BROWSER", script));

        Assert.True(new SystemBrowser(environment).TryOpen("https://example.invalid/start"));

        Assert.True(await Binary.EventuallyAsync(() => File.Exists(dump), TimeSpan.FromSeconds(10)));
        var seen = File.ReadAllText(dump);
        SecretScan.AssertNoSecrets(seen, Passphrase, AwsSecret);
        Assert.Contains("HOME=", seen, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_tool_sees_neither_the_passphrase_nor_aws_credentials()
    {
        // A fake 'pass' on PATH that dumps its environment: the store's helper runner, for real.
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var dump = _temp.Combine("env.txt");
        var pass = _temp.Write("bin/pass", $"#!/bin/sh\nenv > '{dump}'\nexit 1\n");
        File.SetUnixFileMode(pass, (UnixFileMode)Convert.ToInt32("700", 8));
        var storeDir = Directory.CreateDirectory(_temp.Combine("password-store")).FullName;
        File.WriteAllText(Path.Combine(storeDir, ".gpg-id"), "test\n");
        var environment = Environment_(("PATH", bin + ":/usr/bin:/bin"), ("PASSWORD_STORE_DIR", storeDir), ("SESAME_FILE_PASSPHRASE", Passphrase), ("AWS_SECRET_ACCESS_KEY", AwsSecret));
        var store = new PassStore(environment, PhysicalFileSystem.Instance, ProcessRunner.Instance);
        Assert.Throws<SecretStoreException>(() => store.Set("keys/dev", "secret"u8));

        SecretScan.AssertNoSecrets(File.ReadAllText(dump), Passphrase, AwsSecret);
    }

    [Fact]
    public async Task Through_the_real_binary_credential_process_never_sees_the_passphrase()
    {
        using var home = new TempDirectory("sesame-harden-home");
        var dump = home.Combine("env.txt");
        var helper = home.Write("helper.sh", $$"""
            #!/bin/sh
            env > '{{dump}}'
            echo '{"Version": 1, "AccessKeyId": "AKIAX", "SecretAccessKey": "s"}'
            """);
        File.SetUnixFileMode(helper, (UnixFileMode)Convert.ToInt32("700", 8));
        home.Write(".aws/config", $"[profile dev]\ncredential_process = {helper}\n");

        var run = await Binary.RunAsync(["credential-process", "dev"], Binary.Environment_(home.Path, ("SESAME_FILE_PASSPHRASE", Passphrase), ("SESAME_BACKEND", "file")));

        Assert.Equal(0, run.ExitCode);
        SecretScan.AssertNoSecrets(File.ReadAllText(dump), Passphrase);
    }

    [Fact]
    public void The_secret_list_covers_sesame_variables_named_like_secrets()
    {
        Assert.True(HelperEnvironment.IsSesameSecret("SESAME_FILE_PASSPHRASE"));
        Assert.True(HelperEnvironment.IsSesameSecret("SESAME_SERVER_TOKEN"));
        Assert.False(HelperEnvironment.IsSesameSecret("SESAME_PROFILE"));
        Assert.False(HelperEnvironment.IsSesameSecret("AWS_SESSION_TOKEN"));
        Assert.DoesNotContain("AWS_SESSION_TOKEN", HelperEnvironment.ForTool(Environment_(("AWS_SESSION_TOKEN", "t"))).Keys);
        Assert.Contains("AWS_SESSION_TOKEN", HelperEnvironment.ForConfiguredHelper(Environment_(("AWS_SESSION_TOKEN", "t"))).Keys);
    }

    private TestEnvironment Environment_(params (string Name, string Value)[] variables)
    {
        var all = new Dictionary<string, string> { ["HOME"] = _temp.Path, ["PATH"] = "/usr/bin:/bin" };
        foreach (var (name, value) in variables)
        {
            all[name] = value;
        }

        return new TestEnvironment(all);
    }
}
