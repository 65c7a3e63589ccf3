using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Credentials from EC2 instance metadata. (Placeholder: the implementation lands with the provider work of issue #5.)</summary>
public sealed class ImdsProvider : ICredentialProvider
{
    /// <summary>Creates the provider.</summary>
    public ImdsProvider(Sesame.Core.Platform.IEnvironment environment, Sesame.Core.Config.ConfigSection? profile, Sesame.Core.Aws.AwsHttpOptions http, TimeProvider time)
    {
        Name = "instance-metadata";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
        => throw new CredentialsException($"{Name}: EC2 instance metadata is not implemented yet");
}
