namespace Sesame.Core.Config;

/// <summary>Names of the profile settings Sesame reads (AWS names, aws-vault names, then sesame_*).</summary>
public static class Keys
{
#pragma warning disable CS1591 // The names are their own documentation.
    public const string AwsAccessKeyId = "aws_access_key_id";
    public const string AwsSecretAccessKey = "aws_secret_access_key";
    public const string AwsSessionToken = "aws_session_token";
    public const string AwsSecurityToken = "aws_security_token";
    public const string AwsAccountId = "aws_account_id";
    public const string RoleArn = "role_arn";
    public const string SourceProfile = "source_profile";
    public const string CredentialSource = "credential_source";
    public const string RoleSessionName = "role_session_name";
    public const string ExternalId = "external_id";
    public const string DurationSeconds = "duration_seconds";
    public const string MfaSerial = "mfa_serial";
    public const string WebIdentityTokenFile = "web_identity_token_file";
    public const string CredentialProcess = "credential_process";
    public const string SsoSession = "sso_session";
    public const string SsoStartUrl = "sso_start_url";
    public const string SsoRegion = "sso_region";
    public const string SsoAccountId = "sso_account_id";
    public const string SsoRoleName = "sso_role_name";
    public const string SsoRegistrationScopes = "sso_registration_scopes";
    public const string LoginSession = "login_session";
    public const string Region = "region";
    public const string EndpointUrl = "endpoint_url";
    public const string Services = "services";
    public const string IgnoreConfiguredEndpointUrls = "ignore_configured_endpoint_urls";
    public const string MfaProcess = "mfa_process";
    public const string SesameSamlUrl = "sesame_saml_url";
    public const string AwsAdfsPrefix = "adfs_config.";
#pragma warning restore CS1591

    /// <summary>Keys whose values are secrets: shown masked to their last 4 characters.</summary>
    public static bool IsSecret(string key)
        => key.Equals(AwsSecretAccessKey, StringComparison.OrdinalIgnoreCase)
        || key.Equals(AwsSessionToken, StringComparison.OrdinalIgnoreCase)
        || key.Equals(AwsSecurityToken, StringComparison.OrdinalIgnoreCase)
        || key.Equals(AwsAccessKeyId, StringComparison.OrdinalIgnoreCase);
}
