using Sesame.Testing;

namespace Sesame.Tests.Stores;

/// <summary>
/// A throwaway GnuPG home with a generated key and a password store initialised for it. Fails
/// (never skips) with install instructions when pass or gpg is missing. Kills its gpg-agent.
/// </summary>
public sealed class PassFixture : IDisposable
{
    private readonly TempDirectory _temp = new("sesame-pass");

    public PassFixture()
    {
        ExternalTools.Require("pass", "pass");
        Gpg = ExternalTools.Require("gpg", "gnupg");
        Home = _temp.Combine("home");
        GnuPgHome = _temp.Combine("gnupg");
        StoreDirectory = _temp.Combine("password-store");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(GnuPgHome);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(GnuPgHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var generated = ExternalTools.Run(Gpg, ["--batch", "--passphrase", "", "--quick-gen-key", "Sesame Test <sesame-test@example.invalid>", "default", "default", "never"], Variables);
        if (generated.ExitCode != 0)
        {
            throw new InvalidOperationException("gpg could not generate a test key: " + generated.Err);
        }

        var listed = ExternalTools.Run(Gpg, ["--batch", "--with-colons", "--list-secret-keys"], Variables);
        var fingerprint = listed.Out.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        var init = ExternalTools.Run("pass", ["init", fingerprint], Variables);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException("pass init failed: " + init.Err);
        }
    }

    public string Gpg { get; }

    public string Home { get; }

    public string GnuPgHome { get; }

    public string StoreDirectory { get; }

    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["GNUPGHOME"] = GnuPgHome,
        ["PASSWORD_STORE_DIR"] = StoreDirectory,
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
    };

    public TestEnvironment Environment_() => new(Variables);

    public void Dispose()
    {
        try
        {
            ExternalTools.Run("gpgconf", ["--kill", "all"], Variables, timeoutMs: 10_000);
        }
        catch (Exception)
        {
            // The folder is removed below either way; a leftover agent exits when its socket goes.
        }

        _temp.Dispose();
    }
}
