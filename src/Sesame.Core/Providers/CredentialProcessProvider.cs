using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Credentials from credential_process. (Placeholder: the implementation lands with the provider work of issue #5.)</summary>
public sealed class CredentialProcessProvider : ICredentialProvider
{
    /// <summary>Creates the provider.</summary>
    public CredentialProcessProvider(string profile, string commandLine, string? accountIdFallback, Sesame.Core.Platform.IProcessRunner processes, Sesame.Core.Platform.IEnvironment environment, TimeProvider time)
    {
        Name = $"credential-process {profile}";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
        => throw new CredentialsException($"{Name}: credential_process is not implemented yet");
}
