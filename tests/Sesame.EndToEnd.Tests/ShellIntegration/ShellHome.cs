using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.ShellIntegration;

/// <summary>
/// A throw-away home for a real interactive shell: its own HOME, XDG folders, <c>~/.aws</c> files and
/// a <c>bin</c> folder with the built <c>sesame</c> (a symbolic link, so no wrapper process), and
/// nothing from the test host's environment but what the .NET host needs.
/// </summary>
public sealed class ShellHome : IDisposable
{
    private readonly TempDirectory _directory = new("sesame-shell");

    public ShellHome()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(RuntimeDirectory);
        Directory.CreateDirectory(Combine(".aws"));
        File.CreateSymbolicLink(Path.Combine(Bin, "sesame"), SesameBinary.Path);
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Root,
            ["PATH"] = $"{Bin}:/usr/local/bin:/usr/bin:/bin",
            ["TERM"] = "xterm-256color",
            ["LANG"] = "C.UTF-8",
            ["XDG_RUNTIME_DIR"] = RuntimeDirectory,
            ["XDG_CONFIG_HOME"] = Combine(".config"),
            ["XDG_DATA_HOME"] = Combine(".local", "share"),
            ["XDG_CACHE_HOME"] = Combine(".cache"),
            ["SESAME_LOCK_DIR"] = Combine(".locks"),
        };
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            Environment["DOTNET_ROOT"] = dotnetRoot;
        }
    }

    /// <summary>HOME.</summary>
    public string Root => _directory.Path;

    /// <summary>The folder on PATH holding <c>sesame</c>.</summary>
    public string Bin => Combine("bin");

    /// <summary>XDG_RUNTIME_DIR.</summary>
    public string RuntimeDirectory => Combine("run");

    /// <summary>Every variable the shell starts with.</summary>
    public Dictionary<string, string> Environment { get; }

    public string Combine(params string[] parts) => _directory.Combine(parts);

    public string Write(string relativePath, string text) => _directory.Write(relativePath, text);

    public void WriteConfig(string text) => Write(".aws/config", text);

    public void WriteCredentials(string text) => Write(".aws/credentials", text);

    /// <summary>Writes an executable script under HOME.</summary>
    public string WriteScript(string relativePath, string text)
    {
        var path = Write(relativePath, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Records, as the engine will, that <paramref name="profile"/>'s credentials expire in <paramref name="left"/>.</summary>
    public void RecordExpiry(string profile, TimeSpan left)
        => Write($"run/sesame/prompt/{profile}", (DateTimeOffset.UtcNow + left).ToUnixTimeSeconds() + "\n");

    /// <summary>The profiles most tests use: two roles, an MFA role, an SSO profile and static keys.</summary>
    public ShellHome WithProfiles()
    {
        WriteConfig("""
            [default]
            region = eu-west-1

            [profile prod]
            role_arn = arn:aws:iam::222222222222:role/Admin
            source_profile = base

            [profile dev]
            role_arn = arn:aws:iam::111111111111:role/Developer
            source_profile = base

            [profile mfa-admin]
            role_arn = arn:aws:iam::222222222222:role/Admin
            source_profile = base
            mfa_serial = arn:aws:iam::000000000000:mfa/alice

            [sso-session corp]
            sso_start_url = https://corp.example.invalid/start
            sso_region = eu-west-1

            [profile sso-dev]
            sso_session = corp
            sso_account_id = 111111111111
            sso_role_name = Developer
            """);
        WriteCredentials("""
            [base]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            """);
        return this;
    }

    /// <summary>Adds <c>saml-corp</c>, a SAML profile whose next use needs a person (no store, no remembered sign-in: status 17).</summary>
    public ShellHome WithSamlProfile()
    {
        File.AppendAllText(Combine(".aws", "config"), """

            [profile saml-corp]
            sesame_saml_url = https://adfs.example.invalid
            sesame_saml_username = EXAMPLElice
            sesame_saml_role_arn = arn:aws:iam::222222222222:role/Admin
            credential_process = sesame credential-process saml-corp

            """);
        return this;
    }

    public void Dispose() => _directory.Dispose();
}
