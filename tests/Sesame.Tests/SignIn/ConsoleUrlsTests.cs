using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.SignIn;
using Sesame.Testing;

namespace Sesame.Tests.SignIn;

public sealed class ConsoleUrlsTests
{
    [Theory]
    [InlineData(null, null, "https://console.aws.amazon.com/")]
    [InlineData("eu-west-1", null, "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1")]
    [InlineData("eu-west-1", "ec2", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1")]
    [InlineData(null, "iam", "https://console.aws.amazon.com/iam/home")]
    [InlineData("EU-WEST-1", "CloudWatch", "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1")]
    [InlineData("cn-north-1", null, "https://console.amazonaws.cn/console/home?region=cn-north-1")]
    [InlineData("cn-northwest-1", "s3", "https://console.amazonaws.cn/s3/home?region=cn-northwest-1")]
    [InlineData("us-gov-west-1", null, "https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1")]
    [InlineData("us-gov-east-1", "ec2", "https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1")]
    public void Destinations_follow_the_region_and_its_partition(string? region, string? service, string expected)
    {
        Assert.Equal(expected, ConsoleUrls.Destination(region, service, null));
    }

    [Fact]
    public void An_explicit_destination_is_used_as_given()
    {
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/s3/buckets/logs?region=eu-west-1",
            ConsoleUrls.Destination("us-east-1", null, "https://eu-west-1.console.aws.amazon.com/s3/buckets/logs?region=eu-west-1"));
    }

    [Theory]
    [InlineData(null, "ec2", "https://console.aws.amazon.com/")]
    [InlineData(null, null, "console.aws.amazon.com/ec2")]
    [InlineData(null, null, "javascript:alert(1)")]
    [InlineData(null, "ec2?x=1", null)]
    [InlineData(null, "../x", null)]
    [InlineData("eu west 1", null, null)]
    public void Bad_services_regions_and_destinations_are_configuration_errors(string? region, string? service, string? destination)
    {
        Assert.Throws<ConfigException>(() => ConsoleUrls.Destination(region, service, destination));
    }

    [Theory]
    [InlineData(null, "https://signin.aws.amazon.com/federation")]
    [InlineData("eu-central-1", "https://signin.aws.amazon.com/federation")]
    [InlineData("cn-north-1", "https://signin.amazonaws.cn/federation")]
    [InlineData("us-gov-west-1", "https://signin.amazonaws-us-gov.com/federation")]
    public void The_federation_endpoint_is_the_partitions_signin_host(string? region, string expected)
    {
        var settings = new AwsSettings(new TestEnvironment(), ProfileSet.Empty, null);

        Assert.Equal(expected, ConsoleUrls.FederationEndpoint(settings, region).ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/federation")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/federation")]
    [InlineData("http://127.0.0.1:5000/federation", "http://127.0.0.1:5000/federation")]
    [InlineData("https://proxy.example/aws/signin", "https://proxy.example/aws/signin/federation")]
    public void AWS_ENDPOINT_URL_SIGNIN_names_the_host_and_the_federation_path_is_added(string configured, string expected)
    {
        var settings = new AwsSettings(new TestEnvironment(new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SIGNIN"] = configured }), ProfileSet.Empty, null);

        Assert.Equal(expected, ConsoleUrls.FederationEndpoint(settings, "cn-north-1").ToString());
    }

    [Fact]
    public void The_general_endpoint_variable_applies_and_ignore_configured_endpoints_turns_it_off()
    {
        var general = new AwsSettings(new TestEnvironment(new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9" }), ProfileSet.Empty, null);
        var ignored = new AwsSettings(new TestEnvironment(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_SIGNIN"] = "http://127.0.0.1:9",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true",
        }), ProfileSet.Empty, null);

        Assert.Equal("http://127.0.0.1:9/federation", ConsoleUrls.FederationEndpoint(general, null).ToString());
        Assert.Equal("https://signin.aws.amazon.com/federation", ConsoleUrls.FederationEndpoint(ignored, null).ToString());
    }

    [Fact]
    public void A_configured_endpoint_that_is_not_a_url_is_a_configuration_error()
    {
        Assert.Throws<ConfigException>(() => ConsoleUrls.FederationEndpoint("not a url", null));
        Assert.Throws<ConfigException>(() => ConsoleUrls.FederationEndpoint("ftp://h/x", null));
    }

    [Fact]
    public void The_login_url_escapes_issuer_destination_and_token()
    {
        var url = ConsoleUrls.LoginUrl(new Uri("https://signin.aws.amazon.com/federation"), "my tool", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1", "a+b/c=");

        Assert.Equal(
            "https://signin.aws.amazon.com/federation?Action=login&Issuer=my%20tool&Destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1&SigninToken=a%2Bb%2Fc%3D",
            url.AbsoluteUri);
    }
}

public sealed class ConsoleSessionSourcesTests
{
    [Theory]
    [InlineData("arn:aws:sts::111122223333:assumed-role/Admin/alice", true, ConsoleSessionSource.RoleSession)]
    [InlineData("arn:aws-cn:sts::111122223333:federated-user/bob", true, ConsoleSessionSource.FederationSession)]
    [InlineData("arn:aws:iam::111122223333:user/alice", true, ConsoleSessionSource.SessionToken)]
    [InlineData("arn:aws:iam::111122223333:user/alice", false, ConsoleSessionSource.LongTermKeys)]
    [InlineData("arn:aws:iam::111122223333:root", false, ConsoleSessionSource.LongTermKeys)]
    public void The_callers_arn_and_token_say_where_credentials_came_from(string arn, bool token, ConsoleSessionSource expected)
    {
        Assert.Equal(expected, ConsoleSessionSources.FromCallerArn(arn, token));
    }
}
