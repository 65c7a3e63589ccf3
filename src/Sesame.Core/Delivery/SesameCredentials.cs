using Amazon.Runtime;
using Sesame.Core.Caching;
using Sesame.Core.Engine;
using Sesame.Core.Runtime;

namespace Sesame;

/// <summary>
/// Sesame's credentials for any AWS SDK for .NET client: name a profile of <c>~/.aws/config</c> and get
/// exactly what <c>sesame credential-process</c> would give — role chains, one MFA prompt per session,
/// IAM Identity Center refresh, keys from the secret store — sharing the CLI's cache and single flight,
/// so a program and the CLI never fetch the same session twice.
/// </summary>
/// <example>
/// <code>
/// var sts = new AmazonSecurityTokenServiceClient(SesameCredentials.ForProfile("prod"));
/// </code>
/// </example>
public sealed class SesameCredentials : RefreshingAWSCredentials
{
    private readonly string? _profile;
    private readonly SesameOptions _options;

    private SesameCredentials(string? profile, SesameOptions? options)
    {
        _profile = profile;
        _options = options ?? new SesameOptions();

        // Asked again shortly before expiry; the engine then renews (its refresh window is this one).
        PreemptExpiryTime = EngineSettings.Default.RefreshWindow;
    }

    /// <summary>The named profile, or <c>null</c> for the default chain.</summary>
    public string? Profile => _profile;

    /// <summary>Credentials of a named profile (environment credentials are not consulted, as with <c>--profile</c>).</summary>
    /// <param name="profile">The profile, as in <c>~/.aws/config</c>.</param>
    /// <param name="options">How to reach the user (prompts) and, for tests, other seams; <c>null</c> for the defaults.</param>
    public static SesameCredentials ForProfile(string profile, SesameOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        return new SesameCredentials(profile, options);
    }

    /// <summary>
    /// Credentials from the AWS default chain, decided exactly as the AWS CLI would: environment
    /// variables, <c>AWS_PROFILE</c> (else <c>default</c>), web identity, container, instance metadata.
    /// </summary>
    public static SesameCredentials Default(SesameOptions? options = null) => new(null, options);

    /// <summary>The region in force for the profile (<c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's <c>region</c>), or <c>null</c>.</summary>
    public string? Region => Runtime().AwsSettings(_profile).Region;

    /// <inheritdoc />
    protected override CredentialsRefreshState GenerateNewCredentials()
        => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        // A new runtime per refresh: the files are read as they are now (the user may have edited them);
        // the cache, locks and secret store are shared with every other Sesame process.
        var resolved = await Runtime().ResolveAsync(_profile).ConfigureAwait(false);
        var credentials = resolved.Credentials;
        var immutable = new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, credentials.AccountId);
        if (credentials.Expiration is not { } expiration)
        {
            return new CredentialsRefreshState(immutable, DateTime.MaxValue);
        }

        // Never ask again before a third of what is left has passed (a short session would otherwise be
        // inside the window at once).
        PreemptExpiryTime = Freshness.WindowFor(EngineSettings.Default.RefreshWindow, expiration - _options.Time.GetUtcNow());
        return new CredentialsRefreshState(immutable, expiration.UtcDateTime);
    }

    private SesameRuntime Runtime() => new(_options.ToSeams(), new RuntimeOptions(_options.MfaToken, AllowSsoLogin: _options.Interaction == SesameInteraction.Terminal));
}
