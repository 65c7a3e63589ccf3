namespace Sesame.Core.Aws.Wire;

/// <summary>
/// An AWS partition as the SDKs' <c>partitions.json</c> describes it (the same data in botocore,
/// the AWS SDK for .NET and smithy-rs): its name, DNS suffixes, the regions it lists by name and the
/// shape of the region names it claims. Every partition supports FIPS and dual-stack endpoints
/// (<c>supportsFIPS</c>, <c>supportsDualStack</c> are true throughout partitions.json, 2026), so the
/// rule sets' "this partition does not support …" errors cannot occur and are not modelled.
/// </summary>
/// <param name="Name">The partition id (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, …).</param>
/// <param name="DnsSuffix">The endpoints' DNS suffix.</param>
/// <param name="DualStackDnsSuffix">The dual-stack endpoints' DNS suffix.</param>
/// <param name="RegionPrefixes">The region name shape <c>^(p1|p2…)-\w+-\d+$</c>, by its alternatives.</param>
/// <param name="Regions">The regions the partition lists by name (they win over any shape).</param>
internal sealed record AwsPartition(string Name, string DnsSuffix, string DualStackDnsSuffix, string[] RegionPrefixes, string[] Regions)
{
    /// <summary>True when <paramref name="region"/> has this partition's shape: a prefix, '-', word characters, '-', digits.</summary>
    public bool HasShapeOf(string region)
    {
        foreach (var prefix in RegionPrefixes)
        {
            if (region.Length > prefix.Length + 3 && region.StartsWith(prefix, StringComparison.Ordinal) && region[prefix.Length] == '-'
                && IsWordDashDigits(region.AsSpan(prefix.Length + 1)))
            {
                return true;
            }
        }

        return false;
    }

    // \w+-\d+ and nothing else: the word part cannot hold '-', so the last '-' splits the two.
    private static bool IsWordDashDigits(ReadOnlySpan<char> rest)
    {
        var dash = rest.LastIndexOf('-');
        if (dash <= 0 || dash == rest.Length - 1)
        {
            return false;
        }

        foreach (var c in rest[..dash])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        foreach (var c in rest[(dash + 1)..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// The partitions and the rules engine's <c>aws.partition</c> function: a region listed by name in
/// a partition belongs to it; otherwise the first partition whose shape matches; otherwise <c>aws</c>
/// (so an unknown name such as <c>local</c> still gets <c>amazonaws.com</c>, as in every SDK).
/// </summary>
internal static class AwsPartitions
{
    /// <summary>The <c>aws</c> partition.</summary>
    public static readonly AwsPartition Aws = new(
        "aws", "amazonaws.com", "api.aws", ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        ["af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
         "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
         "aws-global", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
         "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
         "us-east-1", "us-east-2", "us-west-1", "us-west-2"]);

    /// <summary>Every partition, in partitions.json order (the order the shapes are tried in).</summary>
    public static readonly AwsPartition[] All =
    [
        Aws,
        new("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", ["cn"], ["aws-cn-global", "cn-north-1", "cn-northwest-1"]),
        new("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", ["eusc-de"], ["eusc-de-east-1"]),
        new("aws-iso", "c2s.ic.gov", "api.aws.ic.gov", ["us-iso"], ["aws-iso-global", "us-iso-east-1", "us-iso-west-1"]),
        new("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", ["us-isob"], ["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"]),
        new("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", ["eu-isoe"], ["aws-iso-e-global", "eu-isoe-west-1"]),
        new("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", ["us-isof"], ["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"]),
        new("aws-us-gov", "amazonaws.com", "api.aws", ["us-gov"], ["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"]),
    ];

    /// <summary>The partition of a region.</summary>
    public static AwsPartition Of(string region)
    {
        foreach (var partition in All)
        {
            if (Array.IndexOf(partition.Regions, region) >= 0)
            {
                return partition;
            }
        }

        foreach (var partition in All)
        {
            if (partition.HasShapeOf(region))
            {
                return partition;
            }
        }

        return Aws;
    }
}
