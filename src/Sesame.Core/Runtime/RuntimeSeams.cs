using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Platform;
using Sesame.Core.Stores;

namespace Sesame.Core.Runtime;

/// <summary>
/// The narrow seams a <see cref="SesameRuntime"/> is built from: everything that touches the outside
/// world. The CLI, the local servers and .NET programs fill it with the real ones
/// (<see cref="ForThisProcess"/>); tests fill it with fakes. Components below the runtime receive only
/// the seams they use.
/// </summary>
public sealed class RuntimeSeams
{
    /// <summary>The file system.</summary>
    public required IFileSystem FileSystem { get; init; }

    /// <summary>The process environment.</summary>
    public required IEnvironment Environment { get; init; }

    /// <summary>The clock (every expiry, wait and poll).</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The terminal for prompts (MFA codes, the store's passphrase, sign-in messages); one that is not available makes every prompt fail fast with the command to run.</summary>
    public ITerminal Terminal { get; init; } = SystemTerminal.Instance;

    /// <summary>Runs helper programs (<c>credential_process</c>, <c>mfa_process</c>, pass, secret-tool).</summary>
    public IProcessRunner Processes { get; init; } = ProcessRunner.Instance;

    /// <summary>Opens the sign-in page; <c>null</c> uses the system browser (<c>BROWSER</c>, xdg-open, open).</summary>
    public IBrowser? Browser { get; init; }

    /// <summary>HTTP settings for every AWS call (a test handler reaches all of them).</summary>
    public AwsHttpOptions? Http { get; init; }

    /// <summary>Warnings and debug detail (never secrets).</summary>
    public ILog Log { get; init; } = NullLog.Instance;

    /// <summary>Creates STS clients; <c>null</c> uses the AWS SDK (loaded on first use).</summary>
    public Func<IStsClientFactory>? Sts { get; init; }

    /// <summary>Creates IAM Identity Center clients; <c>null</c> uses the AWS SDK.</summary>
    public Func<ISsoClientFactory>? SsoClients { get; init; }

    /// <summary>Opens secret stores; <c>null</c> builds the real factory from the seams above.</summary>
    public SecretStoreFactory? SecretStores { get; init; }

    /// <summary>Where temporary credentials are cached; <c>null</c> uses the secret store behind the kernel keyring.</summary>
    public ICredentialCache? CredentialCache { get; init; }

    /// <summary>The real seams of this process.</summary>
    public static RuntimeSeams ForThisProcess(ILog? log = null) => new()
    {
        FileSystem = PhysicalFileSystem.Instance,
        Environment = SystemEnvironment.Instance,
        Time = TimeProvider.System,
        Log = log ?? NullLog.Instance,
    };
}

/// <summary>Choices a caller makes for one use of the runtime.</summary>
/// <param name="MfaToken">An MFA code to use before any other source (<c>--mfa-token</c>).</param>
/// <param name="AllowSsoLogin">Whether a credential resolution may start an IAM Identity Center sign-in (on the terminal, when one is available and <c>SESAME_SSO_AUTO_LOGIN</c> allows it).</param>
/// <param name="RememberValidatedConfigs">Read a config file version validated before by its section headers only, and remember newly validated versions (<c>validated-configs</c> in Sesame's cache folder). Off for commands that promise to write nothing.</param>
/// <param name="ReadValidatedConfigs">With <paramref name="RememberValidatedConfigs"/> off: still read a version validated before by its headers only, without ever writing the list (<c>sesame list</c>: on a large config, validating every line again was most of its time).</param>
public sealed record RuntimeOptions(string? MfaToken = null, bool AllowSsoLogin = true, bool RememberValidatedConfigs = true, bool ReadValidatedConfigs = false)
{
    /// <summary>The defaults.</summary>
    public static RuntimeOptions Default { get; } = new();
}
