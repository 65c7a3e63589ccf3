using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;

namespace Sesame.Tests.Aws;

public sealed class SigV4Tests
{
    // aws-wire-reference.md §2.3, computed with botocore and re-checked with openssl.
    [Fact]
    public void Signs_the_worked_example_of_the_wire_reference()
    {
        var result = SigV4.Sign(
            "sts.us-east-1.amazonaws.com",
            Encoding.UTF8.GetBytes("Action=GetCallerIdentity&Version=2011-06-15"),
            new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "us-east-1",
            "sts",
            new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:sts.us-east-1.amazonaws.com\nx-amz-date:20240115T120000Z\n\ncontent-type;host;x-amz-date\nab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843",
            result.CanonicalRequest);
        Assert.Equal("AWS4-HMAC-SHA256\n20240115T120000Z\n20240115/us-east-1/sts/aws4_request\n8542f7d650db52356332e9a68b4df6c28377435a82d102dc8ee6ebd87d2149e6", result.StringToSign);
        Assert.Equal("9a23847f73423ebf25c7dbcb9513c6473d8db24e57ef96cb0f2f12e9a388712f", result.Signature);
        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240115/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=9a23847f73423ebf25c7dbcb9513c6473d8db24e57ef96cb0f2f12e9a388712f", result.Authorization);
    }

    [Fact]
    public void A_session_token_is_signed_as_x_amz_security_token()
    {
        var result = SigV4.Sign("iam.amazonaws.com", "Action=ListAccessKeys"u8, new AwsCredentials("ASIA1", "s", "the-token"), "us-east-1", "iam", DateTimeOffset.UnixEpoch);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,", result.Authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-security-token:the-token\n", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoints_honour_the_service_variable_then_the_global_one()
    {
        var environment = new Sesame.Testing.TestEnvironment(new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1/", ["AWS_ENDPOINT_URL_IAM"] = "http://127.0.0.1:2/", ["AWS_REGION"] = "eu-west-1" });
        QueryEndpoint Iam() => new AwsSettings(environment, Sesame.Core.Config.ProfileSet.Empty, null).QueryEndpointFor(AwsService.Iam);
        QueryEndpoint Sts() => new AwsSettings(environment, Sesame.Core.Config.ProfileSet.Empty, null).QueryEndpointFor(AwsService.Sts);
        Assert.Equal("http://127.0.0.1:2/", Iam().Url.ToString());
        Assert.Equal("http://127.0.0.1:1/", Sts().Url.ToString());
        Assert.Equal("eu-west-1", Sts().SigningRegion);
        environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        Assert.Equal("https://iam.amazonaws.com/", Iam().Url.ToString());
        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", Sts().Url.ToString());
    }

    [Fact]
    public void Key_rotation_follows_the_region_rules_of_every_other_call_the_environment_beating_the_profile()
    {
        var profiles = Sesame.Core.Config.ProfileSet.Build(Sesame.Core.Config.ConfigFile.Parse("config", Sesame.Core.Config.ConfigFileKind.Config, "[profile p]\nregion = ap-south-1\n"), null);
        var environment = new Sesame.Testing.TestEnvironment(new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1" });
        Assert.Equal("eu-west-1", new AwsSettings(environment, profiles, profiles.GetProfile("p")).QueryEndpointFor(AwsService.Sts).SigningRegion);
        environment["AWS_REGION"] = null;
        Assert.Equal("https://sts.ap-south-1.amazonaws.com/", new AwsSettings(environment, profiles, profiles.GetProfile("p")).QueryEndpointFor(AwsService.Sts).Url.ToString());
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/alice", "alice")]
    [InlineData("arn:aws:iam::123456789012:user/division/team/bob", "bob")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/Deploy/alice", null)]
    [InlineData("arn:aws:iam::123456789012:root", null)]
    public void User_names_come_from_user_arns_only(string arn, string? expected) => Assert.Equal(expected, KeyRotator.UserNameOf(arn));
}
