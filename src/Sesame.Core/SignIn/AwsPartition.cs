namespace Sesame.Core.SignIn;

/// <summary>
/// The AWS partitions that have a web console and console federation, with their host names
/// (aws-wire-reference §7; aws-vault <c>cli/login.go</c> picks them by the same region prefixes):
/// <c>aws</c> (signin.aws.amazon.com, console.aws.amazon.com), <c>aws-cn</c> for regions starting
/// <c>cn-</c> (signin.amazonaws.cn, console.amazonaws.cn) and <c>aws-us-gov</c> for regions starting
/// <c>us-gov-</c> (signin.amazonaws-us-gov.com, console.amazonaws-us-gov.com).
/// </summary>
/// <param name="Name">The partition as ARNs spell it.</param>
/// <param name="SigninHost">The console federation host.</param>
/// <param name="ConsoleHost">The console host.</param>
public sealed record AwsPartition(string Name, string SigninHost, string ConsoleHost)
{
    /// <summary>The commercial partition.</summary>
    public static AwsPartition Aws { get; } = new("aws", "signin.aws.amazon.com", "console.aws.amazon.com");

    /// <summary>AWS in China.</summary>
    public static AwsPartition China { get; } = new("aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn");

    /// <summary>AWS GovCloud (US).</summary>
    public static AwsPartition GovCloud { get; } = new("aws-us-gov", "signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com");

    /// <summary>The partition of a region (the commercial one when no region is known).</summary>
    public static AwsPartition ForRegion(string? region)
    {
        var name = region?.Trim().ToLowerInvariant() ?? string.Empty;
        return name.StartsWith("cn-", StringComparison.Ordinal) ? China
            : name.StartsWith("us-gov-", StringComparison.Ordinal) ? GovCloud
            : Aws;
    }
}
