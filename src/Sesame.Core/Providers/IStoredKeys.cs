using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>Long-term access keys Sesame keeps in its secret store, per profile.</summary>
public interface IStoredKeys
{
    /// <summary>True when the store holds keys for the profile (answered from metadata, without unlocking).</summary>
    bool Has(string profile);

    /// <summary>The access key id for the profile, from metadata (for cache keys), or <c>null</c>.</summary>
    string? AccessKeyId(string profile);

    /// <summary>The keys for the profile (may unlock the store).</summary>
    AwsCredentials Get(string profile);
}
