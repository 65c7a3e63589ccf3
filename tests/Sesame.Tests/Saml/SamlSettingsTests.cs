using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Browser;
using Sesame.Core.Saml.Migration;

namespace Sesame.Tests.Saml;

public sealed class SamlSettingsTests
{
    private static ConfigSection Profile(string config, string name = "work")
        => ProfileSet.Build(ConfigFile.Parse("/h/.aws/config", ConfigFileKind.Config, config), null).GetProfile(name)!;

    [Fact]
    public void A_saml_profile_is_read_with_every_key()
    {
        var settings = SamlProfileSettings.Read(Profile("""
            [profile work]
            credential_process = sesame credential-process work
            sesame_saml_url = https://adfs.example.com
            sesame_saml_username = EXAMPLE\alice
            sesame_saml_role_arn = arn:aws:iam::111122223333:role/Deploy
            sesame_saml_principal_arn = arn:aws:iam::111122223333:saml-provider/ADFS
            sesame_saml_duration = 8h
            sesame_saml_auth = IWA
            sesame_saml_password_process = pass show adfs
            sesame_saml_session_lifetime = 1d
            mfa_process = otp-cli rsa
            region = eu-west-1
            """));

        Assert.True(SamlProfileSettings.IsSaml(Profile("[profile work]\nsesame_saml_url = x\n")));
        Assert.Equal("https://adfs.example.com", settings.Url);
        Assert.Equal("EXAMPLE\\alice", settings.Username);
        Assert.Equal(28800, settings.DurationSeconds);
        Assert.True(settings.IntegratedAuthentication);
        Assert.Equal(SamlProviderKind.Adfs, settings.Provider);
        Assert.Equal("pass show adfs", settings.PasswordProcess);
        Assert.Equal("otp-cli rsa", settings.MfaProcess);
        Assert.Equal(TimeSpan.FromDays(1), settings.SessionLifetime);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal("saml:adfs.example.com:EXAMPLE\\alice", settings.EffectiveMfaDevice);
        Assert.Equal("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn%3Aamazon%3Awebservices", SamlSignIn.SignOnUrl(settings).AbsoluteUri);
    }

    [Theory]
    [InlineData("sesame_saml_duration = 2 days", "sesame_saml_duration")]
    [InlineData("sesame_saml_provider = okta", "sesame_saml_provider")]
    [InlineData("sesame_saml_role_arn = Deploy", "sesame_saml_role_arn")]
    public void Invalid_values_name_the_file_line_and_key(string line, string key)
    {
        var error = Assert.Throws<ConfigException>(() => SamlProfileSettings.Read(Profile($"[profile work]\nsesame_saml_url = https://adfs.example.com\n{line}\n")));
        Assert.Equal("/h/.aws/config", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aws_adfs_profile_is_recognised_and_converted()
    {
        var section = Profile("""
            [profile adfs]
            region = eu-central-1
            adfs_config.ssl_verification = True
            adfs_config.role_arn = arn:aws:iam::111122223333:role/Deploy
            adfs_config.adfs_host = adfs.example.com
            adfs_config.adfs_user = EXAMPLE\alice
            adfs_config.session_duration = 7200
            adfs_config.provider_id = urn:amazon:webservices
            adfs_config.sspi = False
            adfs_config.duo_factor = None
            """, "adfs");

        var profile = AwsAdfsProfile.TryRead(section)!;

        Assert.Equal("adfs.example.com", profile.AdfsHost);
        Assert.False(profile.Sspi);
        Assert.Equal(
        [
            new(SamlKeys.Url, "https://adfs.example.com"),
            new(SamlKeys.Username, "EXAMPLE\\alice"),
            new(SamlKeys.RoleArn, "arn:aws:iam::111122223333:role/Deploy"),
            new(SamlKeys.Duration, "7200"),
        ], profile.ToSamlKeys());
        Assert.Null(AwsAdfsProfile.TryRead(Profile("[profile x]\nregion = a\n", "x")));
    }

    [Fact]
    public void Saml2aws_accounts_are_read_and_mapped()
    {
        var accounts = Saml2AwsConfig.Parse("""
            [default]
            name                    = default
            url                     = https://adfs.example.com
            username                = alice@example.com
            provider                = ADFS
            mfa                     = Auto
            aws_session_duration    = 3600
            aws_profile             = saml
            role_arn                = arn:aws:iam::111122223333:role/Deploy

            ; another
            [okta]
            url = https://example.okta.com/home/amazon_aws/0oa/272
            provider = Okta
            """);

        Assert.Equal(["default", "okta"], accounts.Select(a => a.Name));
        Assert.Equal(
        [
            new(SamlKeys.Url, "https://adfs.example.com"),
            new(SamlKeys.Username, "alice@example.com"),
            new(SamlKeys.RoleArn, "arn:aws:iam::111122223333:role/Deploy"),
            new(SamlKeys.Duration, "3600"),
        ], accounts[0].ToSamlKeys());
        Assert.Contains(new KeyValuePair<string, string>(SamlKeys.Provider, "browser"), accounts[1].ToSamlKeys());
    }

    [Fact]
    public void Account_names_are_read_from_the_role_picker()
    {
        var names = AwsSignInAccounts.Parse("""
            <form id="saml_form" name="saml_form" action="/saml" method="post"><fieldset>
            <div class="saml-account"><div class="saml-account-name">Account: prod-alias (111122223333)</div></div>
            <div class="saml-account"><div class="saml-account-name">Account: 444455556666</div></div>
            </fieldset></form>
            """);
        Assert.Equal(new Dictionary<string, string> { ["111122223333"] = "prod-alias" }, names);
    }

    [Fact]
    public void The_account_names_endpoint_follows_the_assertion_partition_but_only_to_AWS()
    {
        Assert.Equal("https://signin.amazonaws.cn/saml", AwsSignInAccounts.EndpointFor(SamlAssertion.Parse(TestAssertions.Build(destination: "https://signin.amazonaws.cn/saml")), null).AbsoluteUri);
        Assert.Equal(AwsSignInAccounts.DefaultEndpoint, AwsSignInAccounts.EndpointFor(SamlAssertion.Parse(TestAssertions.Build(destination: "https://evil.example.com/saml")), null));
        Assert.Equal("http://127.0.0.1:9/saml", AwsSignInAccounts.EndpointFor(SamlAssertion.Parse(TestAssertions.Build()), "http://127.0.0.1:9/saml").AbsoluteUri);
    }

    [Fact]
    public void The_SAMLResponse_is_taken_from_a_captured_form_post()
    {
        Assert.Equal("PHNhbWw+a+b/c=", ChromiumSamlSource.FormField("RelayState=x&SAMLResponse=PHNhbWw%2Ba%2Bb%2Fc%3D&x=1", "SAMLResponse"));
        Assert.Null(ChromiumSamlSource.FormField("RelayState=x", "SAMLResponse"));
    }
}
