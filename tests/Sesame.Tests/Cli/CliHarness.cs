using Sesame.Cli;
using Sesame.Core.Platform;
using Sesame.Testing;

namespace Sesame.Tests.Cli;

/// <summary>Runs the real command tree in-process against a temporary home folder.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TempDirectory _home = new("sesame-cli");

    public CliHarness()
    {
        Environment = new TestEnvironment(new Dictionary<string, string>
        {
            ["HOME"] = _home.Path,
        });
    }

    public TestEnvironment Environment { get; }

    public string Home => _home.Path;

    public string ConfigPath => _home.Combine(".aws", "config");

    public string CredentialsPath => _home.Combine(".aws", "credentials");

    public CliHarness WithConfig(string text)
    {
        _home.Write(".aws/config", text);
        return this;
    }

    public CliHarness WithCredentials(string text)
    {
        _home.Write(".aws/credentials", text);
        return this;
    }

    public (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            FileSystem = PhysicalFileSystem.Instance,
            Environment = Environment,
            Time = TimeProvider.System,
            Out = output,
            Error = error,
        };
        var code = CliApp.Run(args, context);
        return (code, Normalize(output.ToString()), Normalize(error.ToString()));
    }

    /// <summary>Replaces the temporary home folder with a fixed marker so output can be compared with golden files.</summary>
    public string Normalize(string text) => text.Replace(_home.Path, "<HOME>", StringComparison.Ordinal);

    /// <summary>A fingerprint of every file under the home folder (path, size, bytes, time).</summary>
    public string Snapshot()
        => string.Join('\n', Directory.GetFiles(_home.Path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    public void Dispose() => _home.Dispose();
}
