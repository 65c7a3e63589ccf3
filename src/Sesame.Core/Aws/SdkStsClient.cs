using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// <see cref="IStsClient"/> over the AWS SDK for .NET v4. Endpoints: an explicit endpoint (from
/// <see cref="AwsSettings"/>) is used as is and signed for the configured region; otherwise the
/// SDK's endpoint rules pick the regional endpoint (FIPS / dual-stack when asked). The SDK's own
/// reading of endpoint settings is switched off, because Sesame already applied the selected
/// profile's settings (the SDK would read the default profile's).
/// </summary>
internal sealed class SdkStsClient : IStsClient
{
    private readonly AwsEndpoint _endpoint;
    private readonly AwsHttpOptions _http;

    public SdkStsClient(AwsEndpoint endpoint, AwsHttpOptions http)
    {
        _endpoint = endpoint;
        _http = http;
        if (http.Handler is null)
        {
            // A client is created just before it is used: prepare the SDK's first call meanwhile.
            SdkWarmUp.Start();
        }
    }

    public Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken)
        => CallAsync("AssumeRole", Sdk(caller), async client =>
        {
            var response = await client.AssumeRoleAsync(
                new Amazon.SecurityToken.Model.AssumeRoleRequest
                {
                    RoleArn = request.RoleArn,
                    RoleSessionName = request.RoleSessionName,
                    ExternalId = request.ExternalId,
                    DurationSeconds = request.DurationSeconds,
                    SerialNumber = request.SerialNumber,
                    TokenCode = request.TokenCode,
                },
                cancellationToken).ConfigureAwait(false);
            return Result(response.Credentials, response.AssumedRoleUser?.Arn);
        });

    public Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken)
        => CallAsync("GetSessionToken", Sdk(caller), async client =>
        {
            var response = await client.GetSessionTokenAsync(
                new GetSessionTokenRequest { DurationSeconds = durationSeconds, SerialNumber = serialNumber, TokenCode = tokenCode },
                cancellationToken).ConfigureAwait(false);
            return Result(response.Credentials, null);
        });

    public async Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken)
    {
        // The SDK's STS retry policy also retries InvalidIdentityToken on this call. botocore,
        // smithy-rs and the Kotlin SDK treat that error as final and retry only transient failures
        // and IDPCommunicationError (botocore _retry.json), so Sesame makes single-attempt SDK
        // calls here and retries those itself.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CallAsync("AssumeRoleWithWebIdentity", new AnonymousAWSCredentials(), async client =>
                {
                    var response = await client.AssumeRoleWithWebIdentityAsync(
                        new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = sessionName, WebIdentityToken = webIdentityToken, DurationSeconds = durationSeconds },
                        cancellationToken).ConfigureAwait(false);
                    return Result(response.Credentials, response.AssumedRoleUser?.Arn);
                }, singleAttempt: true).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (attempt < _http.MaxAttempts && (e.IsTransient || e.ErrorCode == "IDPCommunicationError"))
            {
                // Exponential backoff with full jitter, as the SDK's standard mode does.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 100 << attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<StsResult> AssumeRoleWithSamlAsync(string roleArn, string principalArn, string samlAssertion, int? durationSeconds, CancellationToken cancellationToken)
    {
        // Unsigned, like AssumeRoleWithWebIdentity, and retried the same way: an assertion the IdP signed
        // wrongly (InvalidIdentityToken) or one that expired stays wrong, so only transient failures and
        // IDPCommunicationError are tried again (botocore _retry.json).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CallAsync("AssumeRoleWithSAML", new AnonymousAWSCredentials(), async client =>
                {
                    var response = await client.AssumeRoleWithSAMLAsync(
                        new AssumeRoleWithSAMLRequest { RoleArn = roleArn, PrincipalArn = principalArn, SAMLAssertion = samlAssertion, DurationSeconds = durationSeconds },
                        cancellationToken).ConfigureAwait(false);
                    return Result(response.Credentials, response.AssumedRoleUser?.Arn);
                }, singleAttempt: true).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (attempt < _http.MaxAttempts && (e.IsTransient || e.ErrorCode == "IDPCommunicationError"))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 100 << attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken)
        => CallAsync("GetCallerIdentity", Sdk(caller), async client =>
        {
            var response = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return new CallerIdentity(response.Account, response.Arn, response.UserId);
        });

    public Task<StsResult> GetFederationTokenAsync(AwsCredentials caller, string name, string? policy, int? durationSeconds, CancellationToken cancellationToken)
        => CallAsync("GetFederationToken", Sdk(caller), async client =>
        {
            var response = await client.GetFederationTokenAsync(
                new GetFederationTokenRequest { Name = name, Policy = policy, DurationSeconds = durationSeconds },
                cancellationToken).ConfigureAwait(false);
            return Result(response.Credentials, response.FederatedUser?.Arn);
        });

    private static AWSCredentials Sdk(AwsCredentials credentials)
        => credentials.SessionToken is null
            ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
            : new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);

    private static StsResult Result(Amazon.SecurityToken.Model.Credentials credentials, string? assumedRoleArn)
        => new(
            new AwsCredentials(
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                credentials.SessionToken,
                credentials.Expiration is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc)) : null,
                AccountFromArn(assumedRoleArn)),
            assumedRoleArn);

    /// <summary>The account of an ARN (<c>arn:aws:sts::ACCOUNT:assumed-role/…</c>), or <c>null</c>.</summary>
    internal static string? AccountFromArn(string? arn)
    {
        var parts = arn?.Split(':');
        return parts is { Length: >= 6 } && parts[4].Length > 0 ? parts[4] : null;
    }

    private async Task<T> CallAsync<T>(string operation, AWSCredentials credentials, Func<AmazonSecurityTokenServiceClient, Task<T>> call, bool singleAttempt = false)
    {
        AmazonSecurityTokenServiceConfig config;
        AmazonSecurityTokenServiceClient client;
        try
        {
            config = Config();
            if (singleAttempt)
            {
                config.MaxErrorRetry = 0;
            }

            client = new AmazonSecurityTokenServiceClient(credentials, config);
        }
        catch (AmazonClientException e)
        {
            // A region or endpoint the SDK cannot use: a setting, not a bug (the settings source
            // should have refused it earlier, naming where it came from).
            throw SdkCalls.UnusableSettings("STS", _endpoint.Region, _endpoint.EndpointUrl, e);
        }

        using var owned = client;
        return await SdkCalls.CallAsync("STS", operation, _endpoint.EndpointUrl, () =>
        {
            var pending = call(client);
            if (_http.Handler is null && !pending.IsCompleted)
            {
                // The request is on the network and this thread will wait: compile the rest meanwhile.
                SdkWarmUp.StartRoundTrip();
            }

            return pending;
        }).ConfigureAwait(false);
    }

    private AmazonSecurityTokenServiceConfig Config()
    {
        var config = SdkCalls.NewConfig<AmazonSecurityTokenServiceConfig>();
        SdkCalls.Configure(config, _endpoint, _http);
        var region = _endpoint.Region ?? "us-east-1";
        if (_endpoint.EndpointUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region;
        }
        else if (_endpoint.Region is null)
        {
            // No region at all: the global endpoint, signed for us-east-1 (aws-wire-reference §1.5).
            config.ServiceURL = "https://sts.amazonaws.com";
            config.AuthenticationRegion = "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }
}

/// <summary>Creates <see cref="SdkStsClient"/>s.</summary>
public sealed class SdkStsClientFactory : IStsClientFactory
{
    private readonly AwsHttpOptions _http;

    /// <summary>Creates the factory.</summary>
    public SdkStsClientFactory(AwsHttpOptions? http = null) => _http = http ?? new AwsHttpOptions();

    /// <inheritdoc />
    public IStsClient Create(AwsEndpoint endpoint) => new SdkStsClient(endpoint, _http);
}
