using System.Globalization;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>An access key as IAM lists it.</summary>
public sealed record IamAccessKey(string AccessKeyId, string Status, DateTimeOffset? Created);

/// <summary>A key IAM just created, with its secret.</summary>
public sealed record CreatedAccessKey(AwsCredentials Credentials, string UserName, DateTimeOffset? Created);

/// <summary>The IAM calls key rotation needs.</summary>
public interface IIamClient
{
    /// <summary>The user's access keys.</summary>
    Task<IReadOnlyList<IamAccessKey>> ListAccessKeysAsync(AwsCredentials caller, string userName, CancellationToken cancellationToken = default);

    /// <summary>Creates a new access key for the user.</summary>
    Task<CreatedAccessKey> CreateAccessKeyAsync(AwsCredentials caller, string userName, CancellationToken cancellationToken = default);

    /// <summary>Deletes an access key of the user.</summary>
    Task DeleteAccessKeyAsync(AwsCredentials caller, string userName, string accessKeyId, CancellationToken cancellationToken = default);
}

/// <summary>STS GetCallerIdentity.</summary>
public interface IStsIdentityClient
{
    /// <summary>Asks STS who <paramref name="credentials"/> belong to.</summary>
    Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken = default);
}

/// <summary>
/// IAM's Query API (version 2010-05-08) for the three key calls. AWSSDK.IdentityManagement is not
/// available to this project, and three calls do not justify it.
/// </summary>
public sealed class IamClient : IIamClient
{
    private readonly AwsQueryClient _client;

    /// <summary>Creates a client for an endpoint (<see cref="AwsSettings.QueryEndpointFor"/>).</summary>
    public IamClient(QueryEndpoint endpoint, TimeProvider time, AwsHttpOptions? http = null)
        => _client = AwsQueryClient.Iam(new Wire.ResolvedEndpoint(endpoint.Url, endpoint.SigningRegion), new Wire.AwsTransport(http ?? new AwsHttpOptions(), time));

    /// <inheritdoc />
    public async Task<IReadOnlyList<IamAccessKey>> ListAccessKeysAsync(AwsCredentials caller, string userName, CancellationToken cancellationToken = default)
    {
        var result = await _client.CallAsync("ListAccessKeys", [new("UserName", userName)], caller, cancellationToken).ConfigureAwait(false);
        var keys = new List<IamAccessKey>();
        foreach (var member in result.Descendants("member"))
        {
            keys.Add(new IamAccessKey(member.ChildText("AccessKeyId") ?? string.Empty, member.ChildText("Status") ?? string.Empty, ParseDate(member.ChildText("CreateDate"))));
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<CreatedAccessKey> CreateAccessKeyAsync(AwsCredentials caller, string userName, CancellationToken cancellationToken = default)
    {
        var result = await _client.CallAsync("CreateAccessKey", [new("UserName", userName)], caller, cancellationToken).ConfigureAwait(false);
        var key = result.Descendant("AccessKey") ?? result;
        var id = key.ChildText("AccessKeyId");
        var secret = key.ChildText("SecretAccessKey");
        if (id is null || secret is null)
        {
            throw new Errors.SesameException("IAM CreateAccessKey answered without a key", Errors.ExitCodes.ServiceUnavailable);
        }

        return new CreatedAccessKey(new AwsCredentials(id, secret), key.ChildText("UserName") ?? userName, ParseDate(key.ChildText("CreateDate")));
    }

    /// <inheritdoc />
    public Task DeleteAccessKeyAsync(AwsCredentials caller, string userName, string accessKeyId, CancellationToken cancellationToken = default)
        => _client.CallAsync("DeleteAccessKey", [new("UserName", userName), new("AccessKeyId", accessKeyId)], caller, cancellationToken);

    private static DateTimeOffset? ParseDate(string? text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}

/// <summary>STS GetCallerIdentity over the Query API.</summary>
public sealed class StsIdentityClient : IStsIdentityClient
{
    private readonly AwsQueryClient _client;

    /// <summary>Creates a client for an endpoint (<see cref="AwsSettings.QueryEndpointFor"/>).</summary>
    public StsIdentityClient(QueryEndpoint endpoint, TimeProvider time, AwsHttpOptions? http = null)
        => _client = AwsQueryClient.Sts(new Wire.ResolvedEndpoint(endpoint.Url, endpoint.SigningRegion), new Wire.AwsTransport(http ?? new AwsHttpOptions(), time));

    /// <inheritdoc />
    public async Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken = default)
    {
        var result = await _client.CallAsync("GetCallerIdentity", [], credentials, cancellationToken).ConfigureAwait(false);
        return new CallerIdentity(result.ChildText("Account") ?? string.Empty, result.ChildText("Arn") ?? string.Empty, result.ChildText("UserId") ?? string.Empty);
    }
}
