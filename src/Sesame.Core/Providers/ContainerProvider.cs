using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Credentials from container credentials (ECS/EKS). (Placeholder: the implementation lands with the provider work of issue #5.)</summary>
public sealed class ContainerProvider : ICredentialProvider
{
    /// <summary>Creates the provider.</summary>
    public ContainerProvider(Sesame.Core.Platform.IEnvironment environment, Sesame.Core.Platform.IFileSystem fileSystem, Sesame.Core.Aws.AwsHttpOptions http, TimeProvider time)
    {
        Name = "container";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
        => throw new CredentialsException($"{Name}: container credentials (ECS/EKS) is not implemented yet");
}
