namespace Sesame.Core.Aws;

/// <summary>
/// An AWS service Sesame calls, with the names its endpoint settings use: the upper-case suffix of
/// <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c> and the snake-case key in a <c>[services]</c> section
/// (service id, spaces and hyphens turned into '_').
/// </summary>
public sealed record AwsService(string Name, string EnvironmentSuffix, string ServicesKey)
{
    /// <summary>STS.</summary>
    public static AwsService Sts { get; } = new("STS", "STS", "sts");

    /// <summary>The IAM Identity Center portal (service id "SSO").</summary>
    public static AwsService Sso { get; } = new("SSO", "SSO", "sso");

    /// <summary>IAM Identity Center OIDC (service id "SSO OIDC").</summary>
    public static AwsService SsoOidc { get; } = new("SSO OIDC", "SSO_OIDC", "sso_oidc");

    /// <summary>IAM.</summary>
    public static AwsService Iam { get; } = new("IAM", "IAM", "iam");

    /// <summary>Console sign-in federation (service id "Signin").</summary>
    public static AwsService Signin { get; } = new("Signin", "SIGNIN", "signin");
}

/// <summary>Where and how to call a service: region, an explicit endpoint (or null for AWS's own), FIPS and dual-stack.</summary>
public sealed record AwsEndpoint(string? Region, string? EndpointUrl, bool UseFips, bool UseDualStack);
