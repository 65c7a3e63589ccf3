using Sesame.Cli;
using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Testing;

namespace Sesame.Tests.Cli.Secrets;

/// <summary>
/// Runs the real command tree against a temporary HOME, config files and store, with a scripted
/// terminal and an in-memory unlock cache; keeps everything printed so tests can check that no
/// secret ever appears.
/// </summary>
public sealed class SecretsCli : IDisposable
{
    public const string Passphrase = "cli-test-passphrase";
    private readonly List<string> _printed = [];

    public SecretsCli()
    {
        Temp = new TempDirectory("sesame-cli");
        Environment = new TestEnvironment(new Dictionary<string, string>
        {
            ["HOME"] = Temp.Combine("home"),
            ["AWS_CONFIG_FILE"] = ConfigPath,
            ["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsPath,
            ["SESAME_BACKEND"] = "file",
            ["SESAME_FILE_DIR"] = StoreDirectory,
            ["SESAME_FILE_PASSPHRASE"] = Passphrase,
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        });
        Directory.CreateDirectory(Temp.Combine("home", ".aws"));
    }

    public TempDirectory Temp { get; }

    public TestEnvironment Environment { get; }

    public TestTerminal Terminal { get; private set; } = new();

    public TestUnlockCache Cache { get; } = new();

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 15, TimeSpan.Zero));

    public string ConfigPath => Temp.Combine("home", ".aws", "config");

    public string CredentialsPath => Temp.Combine("home", ".aws", "credentials");

    public string StoreDirectory => Temp.Combine("store");

    /// <summary>Everything any command printed (stdout, stderr) and the terminal showed.</summary>
    public string Printed => string.Join("\n", _printed);

    public (int Exit, string Out, string Err) Run(params string[] args) => RunWithInput(null, args);

    public (int Exit, string Out, string Err) RunWithInput(string? stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext
        {
            FileSystem = PhysicalFileSystem.Instance,
            Environment = Environment,
            Time = Time,
            Out = output,
            Error = error,
            Terminal = Terminal,
            Processes = ProcessRunner.Instance,
            In = new StringReader(stdin ?? string.Empty),
            SecretStores = new SecretStoreFactory(Environment, PhysicalFileSystem.Instance, ProcessRunner.Instance, Terminal, Cache),
        };
        var exit = CliApp.Run(args, context);
        _printed.Add(output.ToString());
        _printed.Add(error.ToString());
        _printed.Add(Terminal.Transcript);
        return (exit, output.ToString(), error.ToString());
    }

    public TestTerminal NewTerminal(params string[] answers)
    {
        Terminal = new TestTerminal().Answer(answers);
        return Terminal;
    }

    /// <summary>Fails when any of <paramref name="secrets"/> appears in anything printed so far.</summary>
    public void AssertNothingLeaked(params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.False(Printed.Contains(secret, StringComparison.Ordinal), $"a secret was exposed in the output: …{secret[^4..]}");
        }
    }

    /// <summary>An error is one line, "sesame: error: …", with no stack trace.</summary>
    public static void AssertOneLineError(string stderr, string contains)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("sesame: error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(contains, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Temp.Dispose();
}
