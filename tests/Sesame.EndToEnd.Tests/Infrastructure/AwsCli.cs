namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The AWS CLI the scenarios drive: one that honours <c>AWS_ENDPOINT_URL_STS</c> (CLI v1 with
/// botocore ≥ 1.31, or v2 ≥ 2.13), as on this machine image's PATH. Set <c>SESAME_SANDBOX_AWS_CLI</c>
/// to use another.
/// </summary>
public static class AwsCli
{
    public static string Path => Environment.GetEnvironmentVariable("SESAME_SANDBOX_AWS_CLI") ?? "aws";
}
