using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Credentials from web identity. (Placeholder: the implementation lands with the provider work of issue #5.)</summary>
public sealed class WebIdentityProvider : ICredentialProvider
{
    /// <summary>Creates the provider.</summary>
    public WebIdentityProvider(string profile, string roleArn, string tokenFile, string? sessionName, Func<Sesame.Core.Aws.IStsClient> sts, Sesame.Core.Platform.IFileSystem fileSystem, TimeProvider time)
    {
        Name = $"web-identity {profile} ({roleArn})";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
        => throw new CredentialsException($"{Name}: web identity is not implemented yet");
}
