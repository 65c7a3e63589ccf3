using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Mfa;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Core.Saml;
using Sesame.Core.Sso;

namespace Sesame.Core.Engine;

/// <summary>
/// The seams the credential engine uses, gathered once by the caller (the CLI's composition root or
/// a test). Every member that would load the AWS SDK is a factory, called only when a network call
/// is actually needed, so answering from cache never loads it.
/// </summary>
public sealed class EngineServices
{
    private AwsHttpOptions? _http;

    /// <summary>The process environment.</summary>
    public required IEnvironment Environment { get; init; }

    /// <summary>The file system.</summary>
    public required IFileSystem FileSystem { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Runs credential_process and mfa_process helpers.</summary>
    public required IProcessRunner Processes { get; init; }

    /// <summary>The controlling terminal, for prompts.</summary>
    public required ITerminal Terminal { get; init; }

    /// <summary>Warnings and debug output.</summary>
    public ILog Log { get; init; } = NullLog.Instance;

    /// <summary>Creates STS clients (the AWS SDK is loaded on first use).</summary>
    public required Func<IStsClientFactory> Sts { get; init; }

    /// <summary>HTTP settings for the AWS SDK and the metadata endpoints.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public AwsHttpOptions Http
    {
        // The defaults are created on first use: the type references System.Net.Http, which a
        // cached answer never needs. Setting null keeps the defaults.
        get => _http ??= new AwsHttpOptions();
        init => _http = value;
    }

    /// <summary>Where temporary credentials are cached.</summary>
    public required ICredentialCache Cache { get; init; }

    /// <summary>Cross-process locks for single-flight refreshes.</summary>
    public required ILockProvider Locks { get; init; }

    /// <summary>
    /// The MFA code sources to use for a resolution, given the profile set's <c>mfa_process</c>
    /// lookup; <c>null</c> builds the default chain (mfa_process, stored seed, terminal).
    /// </summary>
    public IMfaCodeSource? Mfa { get; init; }

    /// <summary>A code passed with <c>--mfa-token</c>, used before any other source.</summary>
    public string? MfaToken { get; init; }

    /// <summary>Stored TOTP seeds, when a secret store is configured.</summary>
    public IMfaCodeSourceCandidate? StoredTotp { get; init; }

    /// <summary>Long-term keys kept in the secret store, when one is configured.</summary>
    public IStoredKeys? StoredKeys { get; init; }

    /// <summary>Where IAM Identity Center access tokens come from (the runtime's refreshing, single-flight source).</summary>
    public required ISsoTokenSource SsoTokens { get; init; }

    /// <summary>The SAML sign-in of a profile (the runtime's seams), or <c>null</c> when SAML profiles cannot be used.</summary>
    public Func<SamlProfileSettings, SamlSignIn>? SamlSignIn { get; init; }
}
