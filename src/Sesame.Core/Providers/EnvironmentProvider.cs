using System.Globalization;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;

namespace Sesame.Core.Providers;

/// <summary>
/// Credentials from the environment (botocore EnvProvider): <c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SECURITY_TOKEN</c> (checked first) or <c>AWS_SESSION_TOKEN</c>,
/// <c>AWS_CREDENTIAL_EXPIRATION</c>, <c>AWS_ACCOUNT_ID</c>. Blank values count as unset; a key id
/// without a secret is an error, not "not found".
/// </summary>
public sealed class EnvironmentProvider : ICredentialProvider
{
    private readonly IEnvironment _environment;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    public EnvironmentProvider(IEnvironment environment, TimeProvider time)
    {
        _environment = environment;
        _time = time;
    }

    /// <inheritdoc />
    public string Name => "environment";

    /// <inheritdoc />
    public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var id = _environment.GetNonBlank("AWS_ACCESS_KEY_ID");
        var secret = _environment.GetNonBlank("AWS_SECRET_ACCESS_KEY");
        if (id is null && secret is null)
        {
            throw new CredentialsNotFoundException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
        }

        if (id is null || secret is null)
        {
            throw new CredentialsException($"the environment has {(id is null ? "AWS_SECRET_ACCESS_KEY but no AWS_ACCESS_KEY_ID" : "AWS_ACCESS_KEY_ID but no AWS_SECRET_ACCESS_KEY")}; set both or neither");
        }

        var token = _environment.GetNonBlank("AWS_SECURITY_TOKEN") ?? _environment.GetNonBlank("AWS_SESSION_TOKEN");
        DateTimeOffset? expiration = null;
        if (_environment.GetNonBlank("AWS_CREDENTIAL_EXPIRATION") is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw new CredentialsException($"AWS_CREDENTIAL_EXPIRATION '{text}' is not an ISO 8601 time");
            }

            if (parsed <= _time.GetUtcNow())
            {
                throw new CredentialsException($"the credentials in the environment expired at {parsed:u} (AWS_CREDENTIAL_EXPIRATION); get new ones");
            }

            expiration = parsed;
        }

        return Task.FromResult(new AwsCredentials(id.Trim(), secret.Trim(), token?.Trim(), expiration, _environment.GetNonBlank("AWS_ACCOUNT_ID")?.Trim()));
    }
}
