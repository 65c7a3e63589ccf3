using System.Collections.Concurrent;
using Sesame.Cli;
using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Platform;
using Sesame.Core.Stores;

namespace Sesame.Testing;

/// <summary>What one in-process run of <c>sesame</c> printed and returned.</summary>
/// <param name="Exit">The exit code.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Err">Standard error.</param>
public sealed record CliRun(int Exit, string Out, string Err);

/// <summary>
/// The one in-process tester: runs the real command tree (<see cref="CliApp.Run"/>) with every seam a
/// fake by default, so no test can reach the developer's real home, terminal, keyring, browser or the
/// network, and no variable of the calling shell leaks in (Spectre.Console.Cli's <c>CommandAppTester</c>
/// is the shape). A test turns on what it needs: answers for the terminal, a scripted console, an HTTP
/// handler, fake STS or IAM Identity Center clients, a real helper runner.
/// </summary>
public sealed class SesameTester : IDisposable
{
    /// <summary>The encrypted file store's passphrase (given through <c>SESAME_FILE_PASSPHRASE</c>).</summary>
    public const string Passphrase = "cli-test-passphrase";

    private readonly ConcurrentQueue<string> _printed = new();

    /// <summary>A tester over a fresh temporary home with empty AWS files.</summary>
    public SesameTester()
    {
        Temp = new TempDirectory("sesame-cli");
        Directory.CreateDirectory(Temp.Combine("home", ".aws"));
        Environment = new TestEnvironment(new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["AWS_CONFIG_FILE"] = ConfigPath,
            ["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsPath,
            ["SESAME_BACKEND"] = "file",
            ["SESAME_FILE_DIR"] = StoreDirectory,
            ["SESAME_FILE_PASSPHRASE"] = Passphrase,
            ["SESAME_LOCK_DIR"] = Temp.Combine("locks"),
            ["SESAME_CACHE_DIR"] = Temp.Combine("cache"),
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        });
    }

    /// <summary>The temporary folder (home, store, locks, cache).</summary>
    public TempDirectory Temp { get; }

    /// <summary>The variables the command sees: exactly these, nothing from the calling shell.</summary>
    public TestEnvironment Environment { get; }

    /// <summary>The terminal: unavailable until a test gives it answers (<see cref="NewTerminal"/>), so an unexpected prompt fails.</summary>
    public TestTerminal Terminal { get; private set; } = new(available: false);

    /// <summary>The interactive console: non-interactive until a test scripts it.</summary>
    public ScriptedConsole Console { get; set; } = new() { IsInteractive = false };

    /// <summary>The browser: none, unless a test gives one.</summary>
    public IBrowser Browser { get; set; } = NoBrowser.Instance;

    /// <summary>The clock.</summary>
    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 15, TimeSpan.Zero));

    /// <summary>Use the real clock instead (for flows with real timeouts, such as a loopback sign-in).</summary>
    public bool RealTime { get; set; }

    /// <summary>The unlock cache of the encrypted store (in memory, never the kernel keyring).</summary>
    public TestUnlockCache UnlockCache { get; } = new();

    /// <summary>The unlock cache the store factory uses instead of <see cref="UnlockCache"/> (for example a <c>NoUnlockCache</c>: no kernel keyring).</summary>
    public Sesame.Core.Stores.Unlock.IUnlockCache? StoreUnlockCache { get; set; }

    /// <summary>Runs helper programs; the real runner by default (tests write the scripts they run).</summary>
    public IProcessRunner Processes { get; set; } = ProcessRunner.Instance;

    /// <summary>HTTP for every AWS call: refuses everything unless a test gives a handler.</summary>
    public HttpMessageHandler Http { get; set; } = new ScriptedHttpHandler((request, _) => throw new InvalidOperationException($"unexpected HTTP request in a test: {request.Method} {request.Uri}"));

    /// <summary>STS clients, or <c>null</c> for Sesame's own over <see cref="Http"/>.</summary>
    public Func<IStsClientFactory>? Sts { get; set; }

    /// <summary>IAM Identity Center clients, or <c>null</c> for Sesame's own over <see cref="Http"/>.</summary>
    public Func<ISsoClientFactory>? SsoClients { get; set; }

    /// <summary>Where temporary credentials are cached, or <c>null</c> for the secret store.</summary>
    public ICredentialCache? CredentialCache { get; set; }

    /// <summary>Records <c>exec</c> instead of replacing the test process.</summary>
    public RecordingExecutor Executor { get; } = new();

    /// <summary>The home folder.</summary>
    public string Home => Temp.Combine("home");

    /// <summary>The config file.</summary>
    public string ConfigPath => Temp.Combine("home", ".aws", "config");

    /// <summary>The credentials file.</summary>
    public string CredentialsPath => Temp.Combine("home", ".aws", "credentials");

    /// <summary>The encrypted file store's folder.</summary>
    public string StoreDirectory => Temp.Combine("store");

    /// <summary>Everything any command printed (stdout, stderr) and the terminal and console showed.</summary>
    public string Printed => string.Join("\n", _printed);

    /// <summary>Writes the config file.</summary>
    public SesameTester WithConfig(string text)
    {
        File.WriteAllText(ConfigPath, text);
        return this;
    }

    /// <summary>Writes the credentials file.</summary>
    public SesameTester WithCredentials(string text)
    {
        File.WriteAllText(CredentialsPath, text);
        return this;
    }

    /// <summary>Gives the terminal answers (and makes it available).</summary>
    public TestTerminal NewTerminal(params string[] answers)
    {
        Terminal = new TestTerminal(available: true).Answer(answers);
        return Terminal;
    }

    /// <summary>Runs <c>sesame ARGS…</c>.</summary>
    public CliRun Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs <c>sesame ARGS…</c> with standard input.</summary>
    public CliRun RunWithInput(string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, Context(output, error, stdin));
        _printed.Enqueue(output.ToString());
        _printed.Enqueue(error.ToString());
        _printed.Enqueue(Terminal.Transcript);
        _printed.Enqueue(Console.Transcript);
        return new CliRun(exit, Normalize(output.ToString()), Normalize(error.ToString()));
    }

    /// <summary>The seams of a run: every one of them this tester's fakes.</summary>
    public CliContext Context(TextWriter output, TextWriter error, string? stdin = null)
    {
        var time = RealTime ? TimeProvider.System : Time;
        return new CliContext
        {
            FileSystem = PhysicalFileSystem.Instance,
            Environment = Environment,
            Time = time,
            Out = output,
            Error = error,
            In = new StringReader(stdin ?? string.Empty),
            Terminal = Terminal,
            Processes = Processes,
            Browser = Browser,
            ConsoleUi = () => Console,
            Executor = Executor,
            Http = new AwsHttpOptions(MaxAttempts: 1, Handler: Http),
            Sts = Sts,
            SsoClients = SsoClients,
            CredentialCache = CredentialCache,
            SecretStores = new SecretStoreFactory(Environment, PhysicalFileSystem.Instance, Processes, Terminal, StoreUnlockCache ?? UnlockCache),
        };
    }

    /// <summary>Replaces the temporary folder with a fixed marker, so output can be compared with golden files.</summary>
    public string Normalize(string text) => text.Replace(Home, "<HOME>", StringComparison.Ordinal).Replace(Temp.Path, "<TEMP>", StringComparison.Ordinal);

    /// <summary>A fingerprint of every file under the temporary folder (path, time, content hash).</summary>
    public string Snapshot()
        => string.Join('\n', Directory.GetFiles(Temp.Path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    /// <summary>Fails when any of <paramref name="secrets"/> appears in anything printed so far.</summary>
    public void AssertNothingLeaked(params string[] secrets) => SecretScan.AssertNoSecrets(Printed, secrets);

    /// <summary>An error is one line, <c>sesame: error: …</c>, with no stack trace.</summary>
    public static void AssertOneLineError(string stderr, string contains)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Xunit.Assert.Single(lines);
        Xunit.Assert.StartsWith("sesame: error: ", lines[0], StringComparison.Ordinal);
        Xunit.Assert.Contains(contains, lines[0], StringComparison.Ordinal);
        Xunit.Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public void Dispose() => Temp.Dispose();
}

/// <summary>No browser: sign-in pages are never opened.</summary>
public sealed class NoBrowser : IBrowser
{
    /// <summary>The shared instance.</summary>
    public static NoBrowser Instance { get; } = new();

    /// <inheritdoc />
    public bool CanOpen => false;

    /// <inheritdoc />
    public bool TryOpen(string url) => false;
}

/// <summary>Records what <c>exec</c> would run instead of replacing the test process.</summary>
public sealed class RecordingExecutor : IProcessExecutor
{
    /// <summary>Every exec: command, arguments, environment.</summary>
    public List<(string Command, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)> Runs { get; } = [];

    /// <summary>The exit code each exec returns.</summary>
    public int ExitCode { get; set; }

    /// <summary>
    /// What a child run with <see cref="RunAsync"/> does while it "runs" (for example, asks the server
    /// it was pointed at for credentials); returns its exit code. By default it returns <see cref="ExitCode"/>.
    /// </summary>
    public Func<IReadOnlyDictionary<string, string>, Task<int>>? Child { get; set; }

    /// <summary>Every child run (<c>exec --server</c>): command, arguments, environment.</summary>
    public List<(string Command, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)> Children { get; } = [];

    /// <inheritdoc />
    public int Exec(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        Runs.Add((command, arguments, environment));
        return ExitCode;
    }

    /// <inheritdoc />
    public async Task<int> RunAsync(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        Children.Add((command, arguments, environment));
        return Child is { } child ? await child(environment) : ExitCode;
    }
}
