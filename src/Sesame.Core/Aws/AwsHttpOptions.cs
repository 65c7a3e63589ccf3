using Amazon.Runtime;

namespace Sesame.Core.Aws;

/// <summary>How Sesame's AWS clients use HTTP: retries, timeout, and (for tests) a handler.</summary>
/// <param name="MaxAttempts">Total attempts per call, as the SDK's standard retry mode counts them (3).</param>
/// <param name="Timeout">Per-attempt timeout.</param>
/// <param name="Handler">A message handler to send requests through (recorded HTTP in tests), or <c>null</c>.</param>
public sealed record AwsHttpOptions(int MaxAttempts = 3, TimeSpan? Timeout = null, HttpMessageHandler? Handler = null);

/// <summary>Hands the SDK an <see cref="HttpClient"/> over a given handler.</summary>
internal sealed class HandlerHttpClientFactory : HttpClientFactory
{
    private readonly HttpMessageHandler _handler;

    public HandlerHttpClientFactory(HttpMessageHandler handler) => _handler = handler;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
}
