using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Credentials from IAM Identity Center role credentials. (Placeholder: the implementation lands with the provider work of issue #5.)</summary>
public sealed class SsoRoleProvider : ICredentialProvider
{
    /// <summary>Creates the provider.</summary>
    public SsoRoleProvider(Sesame.Core.Config.Chain.SsoSource source, Sesame.Core.Aws.AwsSettings settings, Sesame.Core.Config.ConfigFileLocator locator, Sesame.Core.Platform.IFileSystem fileSystem, Sesame.Core.Aws.AwsHttpOptions http, TimeProvider time)
    {
        Name = $"sso {source.Profile}";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
        => throw new CredentialsException($"{Name}: IAM Identity Center role credentials is not implemented yet");
}
