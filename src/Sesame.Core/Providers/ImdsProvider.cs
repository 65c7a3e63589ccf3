using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Json;
using Sesame.Core.Platform;

namespace Sesame.Core.Providers;

// EC2 instance metadata credentials (aws-wire-reference §6.2; botocore InstanceMetadataProvider,
// IMDSFetcher, InstanceMetadataFetcher):
//   1. PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds: 21600 (IMDSv2).
//      200 → the token. 403/404/405 or no answer in time → continue without a token (IMDSv1),
//      unless AWS_EC2_METADATA_V1_DISABLED, which makes that an error. 400 → no credentials.
//   2. GET /latest/meta-data/iam/security-credentials/ → the role name (404: no role attached).
//   3. GET /latest/meta-data/iam/security-credentials/<role> → the credentials document.
// Every failure after step 1 means "no credentials" (the default chain moves on), as in botocore.
// Attempts per request: AWS_METADATA_SERVICE_NUM_ATTEMPTS when set (botocore, default 1). When it is
// not set, a busy answer (5xx, 429) is still retried up to 3 attempts, as the Rust and Kotlin SDKs do
// (IMDS throttles with 503); a timeout or a refused connection is not, so a machine without
// instance metadata pays for one timeout, as with botocore.

/// <summary>Credentials of the EC2 instance's IAM role from the instance metadata service.</summary>
public sealed class ImdsProvider : ICredentialProvider
{
    internal const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    internal const string TokenHeader = "X-aws-ec2-metadata-token";
    internal const string TokenTtlSeconds = "21600";
    internal const string RolePath = "latest/meta-data/iam/security-credentials/";
    private const int BusyAttempts = 3;

    private readonly IEnvironment _environment;
    private readonly ConfigSection? _profile;
    private readonly AwsHttpOptions _http;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    /// <param name="environment">Settings and endpoint overrides.</param>
    /// <param name="profile">The profile whose <c>ec2_metadata_*</c> / <c>metadata_service_*</c> keys apply, if any.</param>
    /// <param name="http">The HTTP handler (tests).</param>
    /// <param name="time">The clock for timeouts.</param>
    public ImdsProvider(IEnvironment environment, ConfigSection? profile, AwsHttpOptions http, TimeProvider time)
    {
        _environment = environment;
        _profile = profile;
        _http = http;
        _time = time;
    }

    /// <inheritdoc />
    public string Name => "instance-metadata";

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var settings = ImdsSettings.Read(_environment, _profile);
        if (settings.Disabled)
        {
            throw new CredentialsNotFoundException("instance metadata is disabled (AWS_EC2_METADATA_DISABLED)");
        }

        var endpoint = ImdsEndpoint.Resolve(_environment, _profile);
        using var client = MetadataHttp.CreateClient(_http);
        var call = new Call(client, settings, _time, cancellationToken);
        var token = await FetchTokenAsync(call, endpoint).ConfigureAwait(false);

        var roles = await call.SendAsync(() => Get(ImdsEndpoint.Combine(endpoint, RolePath), token), r => r.IsOkWithBody || IsClientError(r)).ConfigureAwait(false);
        if (!roles.IsOkWithBody)
        {
            throw NotFound(roles.Outcome == MetadataOutcome.Answered && roles.Status == 404
                ? "no IAM role is attached to this instance (instance metadata answered 404)"
                : $"could not list the instance's IAM role at {endpoint.OriginalString}: {roles.Describe(settings.Timeout)}");
        }

        var role = Encoding.UTF8.GetString(roles.Body).Split('\n', 2)[0].Trim();
        var document = await call.SendAsync(() => Get(ImdsEndpoint.Combine(endpoint, RolePath + Uri.EscapeDataString(role)), token), r => r.IsOkWithBody || IsClientError(r)).ConfigureAwait(false);
        if (!document.IsOkWithBody)
        {
            throw NotFound($"could not read the credentials of role {role}: {document.Describe(settings.Timeout)}");
        }

        return ParseCredentials(document.Body, role);
    }

    private static async Task<string?> FetchTokenAsync(Call call, Uri endpoint)
    {
        var response = await call.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, ImdsEndpoint.Combine(endpoint, "latest/api/token"));
                request.Headers.TryAddWithoutValidation(TokenTtlHeader, TokenTtlSeconds);
                return request;
            },
            r => r.Outcome == MetadataOutcome.TimedOut || (r.Outcome == MetadataOutcome.Answered && !r.IsServerBusy)).ConfigureAwait(false);
        if (response.IsOkWithBody)
        {
            return Encoding.UTF8.GetString(response.Body).Trim();
        }

        if (response.Outcome == MetadataOutcome.Unreachable)
        {
            // Nothing listens there: an IMDSv1 request would fail the same way.
            throw NotFound($"instance metadata is not reachable at {endpoint.OriginalString}: {response.Describe(call.Settings.Timeout)}");
        }

        if (response.Outcome == MetadataOutcome.Answered && response.Status == 400)
        {
            throw NotFound("instance metadata refused the token request (HTTP 400)");
        }

        var why = response.Describe(call.Settings.Timeout);
        if (call.Settings.V1Disabled)
        {
            throw new CredentialsException($"instance metadata: the IMDSv2 token request failed ({why}) and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled)");
        }

        // 403/404/405, a timeout, or a server that kept failing: botocore continues with IMDSv1.
        return null;
    }

    private static HttpRequestMessage Get(Uri uri, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, token);
        }

        return request;
    }

    private static AwsCredentials ParseCredentials(byte[] body, string role)
    {
        FlatJson json;
        try
        {
            json = FlatJson.Parse(body);
        }
        catch (InvalidJsonException e)
        {
            throw NotFound($"the credentials of role {role} are not usable: {e.Message}");
        }

        // A role that does not trust EC2 answers 200 with Code = AssumeRoleUnauthorizedAccess.
        if (json.GetString("Code") is { } code && code != "Success")
        {
            // Name the code only when it looks like one: the document may carry secrets.
            var shown = code.Length <= 40 && code.All(char.IsAsciiLetter) ? $" (Code {code})" : string.Empty;
            throw NotFound($"instance metadata has no credentials for role {role}{shown}");
        }

        try
        {
            return MetadataCredentials.FromJson(json, requireExpiration: true);
        }
        catch (IncompleteCredentialsException e)
        {
            throw NotFound($"the credentials of role {role} have no {e.Message}");
        }
    }

    private static bool IsClientError(MetadataResponse response)
        => response.Outcome == MetadataOutcome.Answered && response.Status is >= 400 and < 500 and not 429;

    private static CredentialsNotFoundException NotFound(string message) => new(message);

    /// <summary>One fetch's requests, with the attempt rules above.</summary>
    private sealed record Call(HttpClient Client, ImdsSettings Settings, TimeProvider Time, CancellationToken CancellationToken)
    {
        public async Task<MetadataResponse> SendAsync(Func<HttpRequestMessage> request, Func<MetadataResponse, bool> final)
        {
            for (var attempt = 1; ; attempt++)
            {
                var response = await MetadataHttp.SendAsync(Client, request(), Settings.Timeout, Time, CancellationToken).ConfigureAwait(false);
                var limit = response.IsServerBusy ? Settings.Attempts ?? BusyAttempts : Settings.Attempts ?? 1;
                if (final(response) || attempt >= limit)
                {
                    return response;
                }
            }
        }
    }
}
