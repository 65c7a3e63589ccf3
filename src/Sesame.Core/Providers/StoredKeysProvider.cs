using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Long-term keys from Sesame's secret store: resolves exactly like keys in the credentials file.</summary>
public sealed class StoredKeysProvider : ICredentialProvider
{
    private readonly string _profile;
    private readonly IStoredKeys _store;

    /// <summary>Creates the provider.</summary>
    public StoredKeysProvider(string profile, IStoredKeys store)
    {
        _profile = profile;
        _store = store;
    }

    /// <inheritdoc />
    public string Name => $"stored keys {_profile}";

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(_store.Get(_profile));
}
