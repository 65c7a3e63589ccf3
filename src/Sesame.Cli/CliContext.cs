using Sesame.Cli.Commands;
using Sesame.Core.Platform;
using Sesame.Core.Runtime;
using Sesame.Core.Stores;

namespace Sesame.Cli;

/// <summary>
/// Every seam a command may use, gathered at the composition root. Tests build one with fakes;
/// commands pass only the seams they need further down.
/// </summary>
public sealed class CliContext
{
    private TextReader? _in;

    /// <summary>The file system.</summary>
    public required IFileSystem FileSystem { get; init; }

    /// <summary>The process environment.</summary>
    public required IEnvironment Environment { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>The controlling terminal, for prompts (passphrases, keys, seeds).</summary>
    public ITerminal Terminal { get; init; } = SystemTerminal.Instance;

    /// <summary>Runs helper programs (pass, secret-tool, credential_process).</summary>
    public IProcessRunner Processes { get; init; } = ProcessRunner.Instance;

    /// <summary>Opens secret stores; <c>null</c> builds the real factory from the seams above (tests pass one with a test unlock cache).</summary>
    public SecretStoreFactory? SecretStores { get; init; }

    /// <summary>Standard input, for commands that read a secret from a pipe (<c>mfa add --stdin</c>).</summary>
    /// <remarks>
    /// <see cref="Console.In"/> is taken on first use only: creating it sets up the terminal (terminfo,
    /// signal handlers, the output writer), which a cached answer never needs.
    /// </remarks>
    public TextReader In
    {
        get => _in ??= Console.In;
        init => _in = value;
    }

    /// <summary>Replaces this process with another program (<c>exec</c>).</summary>
    public IProcessExecutor Executor { get; init; } = ProcessExecutor.Instance;

    /// <summary>Creates STS clients; <c>null</c> uses the AWS SDK (tests may pass a fake).</summary>
    public Func<Sesame.Core.Aws.IStsClientFactory>? Sts { get; init; }

    /// <summary>HTTP settings for AWS calls.</summary>
    public Sesame.Core.Aws.AwsHttpOptions? Http { get; init; }

    /// <summary>Where temporary credentials are cached; <c>null</c> uses the secret store.</summary>
    public Sesame.Core.Caching.ICredentialCache? CredentialCache { get; init; }

    /// <summary>Opens the IAM Identity Center sign-in page; <c>null</c> uses the system browser (<c>BROWSER</c>, xdg-open, open).</summary>
    public IBrowser? Browser { get; init; }

    /// <summary>Creates IAM Identity Center clients; <c>null</c> uses the AWS SDK (tests may pass fakes).</summary>
    public Func<Sesame.Core.Aws.ISsoClientFactory>? SsoClients { get; init; }

    /// <summary>The console of the interactive commands; <c>null</c> uses the console implementation on standard error (tests script it).</summary>
    public Func<IInteractiveUi>? ConsoleUi { get; init; }

    /// <summary>The seams of the runtime, with warnings (and, with <paramref name="debug"/>, detail) on standard error.</summary>
    public RuntimeSeams Seams(bool debug) => new()
    {
        FileSystem = FileSystem,
        Environment = Environment,
        Time = Time,
        Terminal = Terminal,
        Processes = Processes,
        Browser = Browser,
        Http = Http,
        Log = new CliLog(Error, debug),
        Sts = Sts,
        SsoClients = SsoClients,
        SecretStores = SecretStores,
        CredentialCache = CredentialCache,
    };

    /// <summary>The runtime for one command: the composition root lives in Core; the CLI only hands it its seams.</summary>
    public SesameRuntime Runtime(bool debug, string? mfaToken = null) => new(Seams(debug), new RuntimeOptions(mfaToken));

    /// <summary>A runtime for a command that promises to write nothing and checks every line (<c>explain</c>, <c>doctor</c>).</summary>
    public SesameRuntime ReadOnlyRuntime(bool debug) => new(Seams(debug), new RuntimeOptions(RememberValidatedConfigs: false));

    /// <summary>
    /// A runtime for <c>sesame list</c>: writes nothing, like <see cref="ReadOnlyRuntime"/>, but reads a config
    /// version validated before by its headers only (the list of validated versions is read, never written).
    /// </summary>
    public SesameRuntime ListingRuntime(bool debug) => new(Seams(debug), new RuntimeOptions(RememberValidatedConfigs: false, ReadValidatedConfigs: true));

    /// <summary>The real seams of this process.</summary>
    public static CliContext CreateDefault() => new()
    {
        FileSystem = PhysicalFileSystem.ForShortLivedProcess,
        Environment = SystemEnvironment.Instance,
        Time = TimeProvider.System,
        Out = Console.Out,
        Error = Console.Error,
    };
}
