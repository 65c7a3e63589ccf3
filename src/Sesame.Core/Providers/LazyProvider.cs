using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>A provider built on first use (so building the default chain reads no profile until it gets there).</summary>
public sealed class LazyProvider : ICredentialProvider
{
    private readonly Lazy<ICredentialProvider> _provider;

    /// <summary>Creates the provider.</summary>
    public LazyProvider(string name, Func<ICredentialProvider> factory)
    {
        Name = name;
        _provider = new Lazy<ICredentialProvider>(factory);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default) => _provider.Value.GetAsync(cancellationToken);
}
