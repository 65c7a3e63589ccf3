using System.Globalization;
using Sesame.Core.Aws.Wire;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// <see cref="IStsClient"/> over STS's Query API (aws-wire-reference §1), Sesame's own: SigV4-signed
/// AssumeRole, GetSessionToken, GetCallerIdentity and GetFederationToken; unsigned
/// AssumeRoleWithWebIdentity and AssumeRoleWithSAML. The endpoint is the configured one (signed for
/// the configured region), else STS's endpoint rules (<see cref="EndpointRules.Sts"/>: regional,
/// FIPS, dual-stack, partitions; no region at all is the global endpoint). Parameters are sent in the
/// service model's member order, as botocore sends them.
/// </summary>
internal sealed class StsClient : IStsClient
{
    private readonly AwsEndpoint _endpoint;
    private readonly AwsTransport _transport;
    private AwsQueryClient? _query;

    public StsClient(AwsEndpoint endpoint, AwsTransport transport)
    {
        _endpoint = endpoint;
        _transport = transport;
    }

    // Resolved on first use, so a bad region or endpoint fails the call that needs it (a configuration error).
    private AwsQueryClient Query => _query ??= AwsQueryClient.Sts(EndpointRules.Sts(_endpoint), _transport);

    public async Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("RoleArn", request.RoleArn), new("RoleSessionName", request.RoleSessionName) };
        Add(parameters, "DurationSeconds", request.DurationSeconds);
        Add(parameters, "ExternalId", request.ExternalId);
        Add(parameters, "SerialNumber", request.SerialNumber);
        Add(parameters, "TokenCode", request.TokenCode);
        var result = await Query.CallAsync("AssumeRole", parameters, caller, cancellationToken).ConfigureAwait(false);
        return Result("AssumeRole", result, result.Child("AssumedRoleUser")?.ChildText("Arn"));
    }

    public async Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "DurationSeconds", durationSeconds);
        Add(parameters, "SerialNumber", serialNumber);
        Add(parameters, "TokenCode", tokenCode);
        var result = await Query.CallAsync("GetSessionToken", parameters, caller, cancellationToken).ConfigureAwait(false);
        return Result("GetSessionToken", result, null);
    }

    public async Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("RoleArn", roleArn), new("RoleSessionName", sessionName), new("WebIdentityToken", webIdentityToken) };
        Add(parameters, "DurationSeconds", durationSeconds);
        var result = await Query.CallAsync("AssumeRoleWithWebIdentity", parameters, credentials: null, cancellationToken).ConfigureAwait(false);
        return Result("AssumeRoleWithWebIdentity", result, result.Child("AssumedRoleUser")?.ChildText("Arn"));
    }

    public async Task<StsResult> AssumeRoleWithSamlAsync(string roleArn, string principalArn, string samlAssertion, int? durationSeconds, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("RoleArn", roleArn), new("PrincipalArn", principalArn), new("SAMLAssertion", samlAssertion) };
        Add(parameters, "DurationSeconds", durationSeconds);
        var result = await Query.CallAsync("AssumeRoleWithSAML", parameters, credentials: null, cancellationToken).ConfigureAwait(false);
        return Result("AssumeRoleWithSAML", result, result.Child("AssumedRoleUser")?.ChildText("Arn"));
    }

    public async Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken)
    {
        var result = await Query.CallAsync("GetCallerIdentity", [], caller, cancellationToken).ConfigureAwait(false);
        return new CallerIdentity(result.ChildText("Account") ?? string.Empty, result.ChildText("Arn") ?? string.Empty, result.ChildText("UserId") ?? string.Empty);
    }

    public async Task<StsResult> GetFederationTokenAsync(AwsCredentials caller, string name, string? policy, int? durationSeconds, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("Name", name) };
        Add(parameters, "Policy", policy);
        Add(parameters, "DurationSeconds", durationSeconds);
        var result = await Query.CallAsync("GetFederationToken", parameters, caller, cancellationToken).ConfigureAwait(false);
        return Result("GetFederationToken", result, result.Child("FederatedUser")?.ChildText("Arn"));
    }

    /// <summary>The account of an ARN (<c>arn:aws:sts::ACCOUNT:assumed-role/…</c>), or <c>null</c>.</summary>
    internal static string? AccountFromArn(string? arn)
    {
        var parts = arn?.Split(':');
        return parts is { Length: >= 6 } && parts[4].Length > 0 ? parts[4] : null;
    }

    private static StsResult Result(string operation, AwsXmlElement result, string? arn)
    {
        var credentials = result.Child("Credentials");
        var keyId = credentials?.ChildText("AccessKeyId");
        var secret = credentials?.ChildText("SecretAccessKey");
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret))
        {
            // An answer without credentials cannot be used; like an unreadable body, it is retried.
            throw new FormatException($"{operation} answered without credentials");
        }

        var expiration = credentials!.ChildText("Expiration") is { } text ? ParseTime(text) : null;
        return new StsResult(new AwsCredentials(keyId, secret, credentials.ChildText("SessionToken"), expiration, AccountFromArn(arn)), arn);
    }

    // ISO 8601 in UTC, with or without fractions (STS may add milliseconds: aws-wire-reference §1.3).
    private static DateTimeOffset? ParseTime(string text)
        => DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException("the credentials' Expiration is not a time");

    private static void Add(List<KeyValuePair<string, string>> parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters.Add(new(name, value));
        }
    }

    private static void Add(List<KeyValuePair<string, string>> parameters, string name, int? value)
    {
        if (value is { } number)
        {
            parameters.Add(new(name, number.ToString(CultureInfo.InvariantCulture)));
        }
    }
}

/// <summary>Creates <see cref="IStsClient"/>s: Sesame's own STS client over the HTTP seam and the clock.</summary>
public sealed class StsClientFactory : IStsClientFactory
{
    private readonly AwsTransport _transport;

    /// <summary>Creates the factory.</summary>
    /// <param name="http">HTTP settings (attempts, timeout, a test handler); <c>null</c> for the defaults.</param>
    /// <param name="time">The clock the retry backoff waits on and requests are signed with; <c>null</c> for the system clock.</param>
    public StsClientFactory(AwsHttpOptions? http = null, TimeProvider? time = null)
        => _transport = new AwsTransport(http ?? new AwsHttpOptions(), time ?? TimeProvider.System);

    /// <inheritdoc />
    public IStsClient Create(AwsEndpoint endpoint) => new StsClient(endpoint, _transport);
}
