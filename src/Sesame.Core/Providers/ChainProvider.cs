using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>
/// Tries providers in order and returns the first credentials. Only
/// <see cref="CredentialsNotFoundException"/> moves on; any other failure stops the chain (a
/// configured source that fails is final, as in botocore and smithy-rs). When nothing is found,
/// the error lists every source that was tried.
/// </summary>
public sealed class ChainProvider : ICredentialProvider
{
    private readonly IReadOnlyList<ICredentialProvider> _providers;

    /// <summary>Creates the chain.</summary>
    public ChainProvider(string name, IReadOnlyList<ICredentialProvider> providers)
    {
        Name = name;
        _providers = providers;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The providers, in order.</summary>
    public IReadOnlyList<ICredentialProvider> Providers => _providers;

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var reasons = new List<string>();
        foreach (var provider in _providers)
        {
            try
            {
                return await provider.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialsNotFoundException e)
            {
                reasons.Add($"{provider.Name}: {e.Message}");
            }
        }

        throw new CredentialsNotFoundException("no credentials found; tried " + string.Join("; ", reasons));
    }
}
