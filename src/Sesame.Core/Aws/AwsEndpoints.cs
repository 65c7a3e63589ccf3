namespace Sesame.Core.Aws;

/// <summary>A resolved service endpoint and the region to sign for.</summary>
public sealed record QueryEndpoint(Uri Url, string SigningRegion);
