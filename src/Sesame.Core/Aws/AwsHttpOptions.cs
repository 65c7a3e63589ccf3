namespace Sesame.Core.Aws;

/// <summary>How Sesame's AWS clients use HTTP: retries, timeout, and (for tests) a handler.</summary>
/// <param name="MaxAttempts">Total attempts per call, as the SDKs' standard retry mode counts them (3).</param>
/// <param name="Timeout">Per-attempt timeout (<c>null</c>: 100 s, the AWS SDK for .NET's).</param>
/// <param name="Handler">A message handler to send requests through (recorded HTTP in tests), or <c>null</c>.</param>
public sealed record AwsHttpOptions(int MaxAttempts = 3, TimeSpan? Timeout = null, HttpMessageHandler? Handler = null);
