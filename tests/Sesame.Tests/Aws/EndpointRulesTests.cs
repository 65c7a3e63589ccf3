using Sesame.Core.Aws;
using Sesame.Core.Aws.Wire;
using Sesame.Core.Errors;
using Sesame.Testing;

namespace Sesame.Tests.Aws;

/// <summary>
/// Sesame's endpoint resolver against botocore's rule engine (TestData/endpoints.tsv, written by
/// TestData/gen_endpoints.py from botocore's own rule sets and partitions): every partition, a
/// future region and a made-up name, with every FIPS / dual-stack combination, for STS, the portal
/// and SSO OIDC.
/// </summary>
public sealed class EndpointRulesTests
{
    public static TheoryData<string, string, bool, bool, string, string> Botocore()
    {
        var data = new TheoryData<string, string, bool, bool, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.RepoRoot, "tests", "Sesame.Tests", "Aws", "TestData", "endpoints.tsv")))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var f = line.Split('\t');
            data.Add(f[0], f[1], f[2] == "true", f[3] == "true", f[4], f[5]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Botocore))]
    public void Resolves_the_endpoint_botocore_resolves(string service, string region, bool fips, bool dualStack, string url, string signingRegion)
    {
        var endpoint = new AwsEndpoint(region, null, fips, dualStack);
        var resolved = service switch
        {
            "sts" => EndpointRules.Sts(endpoint),
            "sso" => EndpointRules.SsoPortal(endpoint),
            _ => EndpointRules.SsoOidc(endpoint),
        };

        Assert.Equal(url + "/", resolved.Url.AbsoluteUri);
        Assert.Equal(signingRegion, resolved.SigningRegion);
    }

    [Fact]
    public void Sts_without_a_region_is_the_global_endpoint_signed_for_us_east_1()
    {
        var resolved = EndpointRules.Sts(new AwsEndpoint(null, null, false, false));

        Assert.Equal(("https://sts.amazonaws.com/", "us-east-1"), (resolved.Url.AbsoluteUri, resolved.SigningRegion));
    }

    [Fact]
    public void A_configured_endpoint_is_used_as_is_and_signed_for_the_configured_region()
    {
        var resolved = EndpointRules.Sts(new AwsEndpoint("eu-central-1", "http://127.0.0.1:4566", false, false));

        Assert.Equal(("http://127.0.0.1:4566/", "eu-central-1"), (resolved.Url.AbsoluteUri, resolved.SigningRegion));
        Assert.Equal("us-east-1", EndpointRules.SsoOidc(new AwsEndpoint(null, "http://127.0.0.1:4566", false, false)).SigningRegion);
    }

    [Theory]
    [InlineData(true, false, "FIPS and custom endpoint are not supported")]
    [InlineData(false, true, "Dualstack and custom endpoint are not supported")]
    public void A_configured_endpoint_with_fips_or_dual_stack_is_the_rule_sets_configuration_error(bool fips, bool dualStack, string rule)
    {
        var error = Assert.Throws<ConfigException>(() => EndpointRules.SsoPortal(new AwsEndpoint("us-east-1", "https://sso.example", fips, dualStack)));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    [InlineData("us-gov-central-7", "aws-us-gov")]
    [InlineData("us-iso-north-2", "aws-iso")]
    [InlineData("us-isob-north-2", "aws-iso-b")]
    [InlineData("us-isof-east-1", "aws-iso-f")]
    [InlineData("eu-isoe-north-5", "aws-iso-e")]
    [InlineData("cn-south-9", "aws-cn")]
    [InlineData("eusc-de-west-2", "aws-eusc")]
    [InlineData("aws-cn-global", "aws-cn")]
    [InlineData("us-east", "aws")]
    [InlineData("localstack", "aws")]
    public void A_region_belongs_to_the_partition_that_lists_it_or_whose_shape_it_has_else_aws(string region, string partition)
        => Assert.Equal(partition, AwsPartitions.Of(region).Name);
}
