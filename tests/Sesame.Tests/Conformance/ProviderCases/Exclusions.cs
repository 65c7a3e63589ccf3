namespace Sesame.Tests.Conformance.ProviderCases;

/// <summary>
/// Directory cases set aside, each with its reason. Every entry is listed in docs/compatibility.md
/// (a test checks it), and the behaviour each one concerns is covered by unit tests instead.
/// </summary>
public static class Exclusions
{
    public const string SmithyRsDefaultChain = "smithy-rs default-credential-provider-chain";
    public const string KotlinDefaultChain = "aws-sdk-kotlin default-provider-chain";

    public static readonly IReadOnlyDictionary<(string Suite, string Case), string> Cases = new Dictionary<(string, string), string>
    {
        [(SmithyRsDefaultChain, "imds_token_fail")] =
            "botocore answers a 403 to the IMDSv2 token request by continuing with IMDSv1 (unless AWS_EC2_METADATA_V1_DISABLED); Rust never falls back, so the recording has no IMDSv1 request",
        [(KotlinDefaultChain, "imds_token_fail")] =
            "botocore answers a 403 to the IMDSv2 token request by continuing with IMDSv1 (unless AWS_EC2_METADATA_V1_DISABLED); Kotlin never falls back, so the recording has no IMDSv1 request",
        [(KotlinDefaultChain, "prefer_system_properties")] =
            "JVM system properties (aws.accessKeyId) do not exist outside the JVM; the case's config files are not even in its virtual file system",
    };

    public static bool IsExcluded(string suite, string name) => Cases.ContainsKey((suite, name));
}
