namespace Sesame.Tests.Cli;

/// <summary>Real-looking configurations with the tricky cases users actually have.</summary>
internal static class SampleConfigs
{
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string IgnoredSecret = "ignoredSecretValue0000000000000000000WXYZ";

    public const string Config = """
        # Company AWS config, maintained by hand
        [default]
        region = us-east-1
        output = json

        [profile dev]
        role_arn = arn:aws:iam::111111111111:role/Developer
        source_profile = base
        role_session_name = alice
        region = eu-west-1

        [profile prod]
        role_arn = arn:aws:iam::222222222222:role/Admin
        source_profile = dev
        mfa_serial = arn:aws:iam::000000000000:mfa/alice
        duration_seconds = 3600
        ; left over from before we used roles
        aws_access_key_id = AKIAIGNOREDEXAMPLE01
        aws_secret_access_key = ignoredSecretValue0000000000000000000WXYZ

        [profile ci]
        credential_process = /usr/local/bin/vault-aws --role ci --token abc

        [profile sso-dev]
        sso_session = corp
        sso_account_id = 333333333333
        sso_role_name = PowerUser
        region = eu-west-1

        [sso-session corp]
        sso_start_url = https://d-1234567890.awsapps.com/start
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access

        [profile k8s]
        role_arn = arn:aws:iam::444444444444:role/Pod
        web_identity_token_file = /var/run/secrets/eks.amazonaws.com/serviceaccount/token

        [profile ec2]
        role_arn = arn:aws:iam::555555555555:role/Box
        credential_source = Ec2InstanceMetadata

        [profile console]
        login_session = arn:aws:sts::012345678910:assumed-role/Admin/admin

        [profile settings-only]
        region = ap-south-1

        [plain]
        region = us-west-2
        """;

    public const string Credentials = """
        [base]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

        [profile wrong]
        aws_access_key_id = AKIAWRONGPLACE000000
        """;
}
