using Sesame.Core.Platform;

namespace Sesame.Core.Aws;

/// <summary>A resolved service endpoint and the region to sign for.</summary>
public sealed record QueryEndpoint(Uri Url, string SigningRegion);

/// <summary>
/// Endpoints for the calls Sesame makes itself, with botocore's environment overrides:
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, unless
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c> (aws-wire-reference.md §9.1).
/// </summary>
public static class AwsEndpoints
{
    /// <summary>IAM: global, signed for us-east-1.</summary>
    public static QueryEndpoint Iam(IEnvironment environment)
        => new(Configured(environment, AwsService.Iam) ?? new Uri("https://iam.amazonaws.com/"), "us-east-1");

    /// <summary>STS: regional (<c>https://sts.{region}.amazonaws.com</c>), us-east-1 when no region is known.</summary>
    public static QueryEndpoint Sts(IEnvironment environment, string? region)
    {
        region ??= environment.GetNonBlank("AWS_REGION") ?? environment.GetNonBlank("AWS_DEFAULT_REGION") ?? "us-east-1";
        return new(Configured(environment, AwsService.Sts) ?? new Uri($"https://sts.{region}.amazonaws.com/"), region);
    }

    // The precedence rules live in AwsSettings; these calls have no profile to consult.
    private static Uri? Configured(IEnvironment environment, AwsService service)
    {
        var text = new AwsSettings(environment, Config.ProfileSet.Empty, null).ConfiguredEndpoint(service);
        return text is null ? null
            : Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) ? uri
            : throw new Errors.ConfigException($"AWS_ENDPOINT_URL_{service.EnvironmentSuffix} / AWS_ENDPOINT_URL is not a valid URL");
    }
}
