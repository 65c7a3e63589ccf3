namespace Sesame.Core.Credentials;

/// <summary>
/// One source of credentials. Providers are small and composed: a base provider, then one
/// <c>AssumeRole</c> provider per role hop, each wrapped in caching (the shape of aws-vault's and
/// smithy-rs's providers).
/// </summary>
public interface ICredentialProvider
{
    /// <summary>A short name for messages and <c>--debug</c> output (for example <c>assume-role prod</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Returns credentials. Throws <see cref="CredentialsNotFoundException"/> when this source is
    /// not configured (a chain then tries the next source), and <see cref="CredentialsException"/>
    /// when it is configured but fails (a chain stops).
    /// </summary>
    Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default);
}
