using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;

namespace Sesame.Core.Providers;

/// <summary>
/// A profile's <c>credential_source</c> (Environment, Ec2InstanceMetadata, EcsContainer). The
/// source was asked for explicitly, so finding nothing there is an error that stops a chain, not
/// "not found" (botocore CanonicalNameCredentialSourcer: "No credentials found in credential_source
/// referenced in profile X"; smithy-rs/Kotlin profile_overrides_web_identity): the default chain
/// must not go on to web identity or instance metadata instead.
/// </summary>
public sealed class CredentialSourceProvider : ICredentialProvider
{
    private readonly string _profile;
    private readonly CredentialSourceKind _source;
    private readonly ICredentialProvider _inner;

    /// <summary>Creates the provider.</summary>
    public CredentialSourceProvider(string profile, CredentialSourceKind source, ICredentialProvider inner)
    {
        _profile = profile;
        _source = source;
        _inner = inner;
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <summary>The provider that reads the source.</summary>
    public ICredentialProvider Inner => _inner;

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialsNotFoundException e)
        {
            throw new CredentialsException($"profile '{_profile}': no credentials found in credential_source = {_source}: {e.Message}", Errors.ExitCodes.CredentialsFailed, e);
        }
    }
}
