using System.Net;
using Amazon;
using Amazon.Runtime;
using Sesame.Core.Credentials;

namespace Sesame.Core.Aws;

/// <summary>
/// What every AWS SDK client of Sesame shares: the client settings taken from <see cref="AwsEndpoint"/>
/// and <see cref="AwsHttpOptions"/>, and one mapping of SDK failures to <see cref="AwsServiceException"/>.
/// </summary>
internal static class SdkCalls
{
    /// <summary>
    /// A client configuration, created only after the SDK is told to read no profile of its own (nor
    /// to look for client-side monitoring settings in the shared files). The
    /// SDK otherwise parses the user's default (or AWS_PROFILE) profile of ~/.aws/config in a static
    /// initializer, and fails there for good — for every client — on a line every AWS CLI reads
    /// (<c>region = eu-west-1  # home</c>: the SDK does not strip the comment). Sesame has already
    /// resolved every setting the SDK would look for, so a profile name that exists nowhere is safe.
    /// </summary>
    public static T NewConfig<T>()
        where T : ClientConfig, new()
    {
        if (AWSConfigs.AWSProfileName is not { } name || !name.StartsWith(NoProfile, StringComparison.Ordinal))
        {
            AWSConfigs.AWSProfileName = NoProfile + Guid.NewGuid().ToString("N");

            // Client-side monitoring is off for Sesame's own calls. Left unset, the SDK looks for
            // csm_enabled by parsing the user's config and credentials files once more (with a
            // regular expression per line): about 35 ms on a cold call with a 10,000-profile config.
            AWSConfigs.CSMConfig.CSMEnabled = false;
        }

        return new T();
    }

    private const string NoProfile = "sesame-sdk-reads-no-profile-";

    /// <summary>
    /// Applies FIPS, dual-stack, retries, timeout and the test handler. The SDK's own reading of
    /// configured endpoints is switched off: Sesame has already applied the selected profile's
    /// endpoint settings (the SDK would read the default profile's).
    /// </summary>
    public static void Configure(ClientConfig config, AwsEndpoint endpoint, AwsHttpOptions http)
    {
        config.IgnoreConfiguredEndpointUrls = true;
        config.UseFIPSEndpoint = endpoint.UseFips;
        config.UseDualstackEndpoint = endpoint.UseDualStack;
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = Math.Max(0, http.MaxAttempts - 1);
        if (http.Timeout is { } timeout)
        {
            // The SDK refuses a null timeout (ArgumentNullException), so only an explicit one is set.
            config.Timeout = timeout;
        }

        if (http.Handler is { } handler)
        {
            config.HttpClientFactory = new HandlerHttpClientFactory(handler);
        }
    }

    /// <summary>The error for a region or endpoint URL the SDK refuses to configure a client with.</summary>
    public static Errors.ConfigException UnusableSettings(string service, string? region, string? endpointUrl, Exception error)
        => new($"{service}: the region '{Platform.TerminalText.Sanitize(region ?? "us-east-1", 100)}'{(endpointUrl is null ? string.Empty : $" or the endpoint URL '{Platform.TerminalText.Sanitize(endpointUrl, 300)}'")} cannot be used ({Platform.TerminalText.Sanitize(error.Message)}); check region / AWS_REGION and the endpoint_url settings");

    /// <summary>Runs one SDK call, turning its failures into <see cref="AwsServiceException"/>.</summary>
    public static async Task<T> CallAsync<T>(string service, string operation, string? endpointUrl, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            var transient = e.StatusCode >= HttpStatusCode.InternalServerError
                || e.StatusCode == HttpStatusCode.TooManyRequests
                || e.ErrorCode is "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "TooManyRequestsException"
                || e.StatusCode == 0;
            // Without an error code (an empty 503, say) the SDK's message is a generic "see inner
            // exception"; the status says more.
            var message = e.ErrorCode is null && e.StatusCode != 0
                ? $"the service answered HTTP {(int)e.StatusCode} ({e.StatusCode}) without an error message"
                : e.Message;
            throw new AwsServiceException(service, operation, e.ErrorCode, message, (int)e.StatusCode, transient, e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsServiceException(service, operation, null, $"could not reach {endpointUrl ?? service}: {e.Message}", 0, retryable: true, e);
        }
        catch (AmazonClientException e)
        {
            throw new AwsServiceException(service, operation, null, e.Message, 0, retryable: true, e);
        }
        catch (TypeInitializationException e) when (e.InnerException is AmazonClientException inner)
        {
            // The SDK reads some variables (AWS_EC2_METADATA_SERVICE_ENDPOINT, …) in a static
            // initializer and fails for good on a malformed value; its message names the variable.
            throw new Errors.ConfigException($"{service} {operation}: the AWS SDK refused a setting: {Platform.TerminalText.Sanitize(inner.Message)}");
        }
        catch (NotSupportedException e)
        {
            // HttpClient refuses an endpoint scheme it cannot speak (ftp://…): a setting, not a bug.
            throw new AwsServiceException(service, operation, null, $"the endpoint {endpointUrl ?? service} cannot be used: {e.Message}; use an http:// or https:// URL", 0, retryable: false, e);
        }
    }
}
