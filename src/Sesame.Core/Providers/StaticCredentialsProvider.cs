using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Credentials known up front: keys from a file, or from the secret store once read.</summary>
public sealed class StaticCredentialsProvider : ICredentialProvider
{
    private readonly AwsCredentials _credentials;

    /// <summary>Creates the provider.</summary>
    public StaticCredentialsProvider(string name, AwsCredentials credentials)
    {
        Name = name;
        _credentials = credentials;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(_credentials);
}
