using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Errors;

namespace Sesame.Tests.Config;

public sealed class ChainPlannerTests
{
    private static ProfileSet Build(string config, string? credentials = null)
        => ProfileSet.Build(
            ConfigFile.Parse("/h/.aws/config", ConfigFileKind.Config, config),
            credentials is null ? null : ConfigFile.Parse("/h/.aws/credentials", ConfigFileKind.Credentials, credentials));

    [Fact]
    public void Cycle_error_prints_the_whole_loop_and_where_it_closes()
    {
        var set = Build("[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111111111111:role/B\nsource_profile = c\n[profile c]\nrole_arn = arn:aws:iam::111111111111:role/C\nsource_profile = a\n");
        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(set, "a"));
        Assert.Contains("a -> b -> c -> a", error.Message, StringComparison.Ordinal);
        Assert.Equal("/h/.aws/config", error.File);
        Assert.Equal(9, error.Line);
    }

    [Fact]
    public void Three_role_chain_is_planned_base_first()
    {
        var set = Build(
            "[profile top]\nrole_arn = arn:aws:iam::333333333333:role/Top\nsource_profile = mid\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\nduration_seconds = 1800\n[profile mid]\nrole_arn = arn:aws:iam::222222222222:role/Mid\nsource_profile = base\nexternal_id = ext-123\n[profile base]\nrole_arn = arn:aws:iam::111111111111:role/Base\nsource_profile = user\n",
            "[user]\naws_access_key_id = AKIAUSER\naws_secret_access_key = secret\n");
        var plan = ChainPlanner.Plan(set, "top");
        var keys = Assert.IsType<StaticKeysSource>(plan.Base);
        Assert.Equal("user", keys.Profile);
        Assert.Equal(["base", "mid", "top"], plan.Roles.Select(r => r.Profile));
        Assert.Equal("ext-123", plan.Roles[1].ExternalId);
        Assert.Equal(1800, plan.Roles[2].DurationSeconds);
        Assert.Equal("arn:aws:iam::111111111111:mfa/alice", plan.Roles[2].MfaSerial!.Value);
        Assert.Equal(["top", "mid", "base", "user"], plan.ProfilesTopDown);
    }

    [Theory]
    [InlineData("ec2instancemetadata", "did you mean 'Ec2InstanceMetadata'")]
    [InlineData("Ec2Metadata", "use Environment, Ec2InstanceMetadata or EcsContainer")]
    public void Credential_source_is_case_sensitive_and_misspellings_name_file_and_line(string value, string hint)
    {
        var set = Build($"[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\ncredential_source = {value}\n");
        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(set, "a"));
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("duration_seconds = 899", 4, "out of range")]
    [InlineData("duration_seconds = 43201", 4, "out of range")]
    [InlineData("duration_seconds = 1h", 4, "not a whole number")]
    [InlineData("role_session_name = has space", 4, "role_session_name")]
    public void Invalid_role_values_name_file_and_line(string setting, int line, string expected)
    {
        var set = Build($"[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = b\n{setting}\n[profile b]\naws_access_key_id = AKIA\naws_secret_access_key = s\n");
        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(set, "a"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/alice", "user ARN")]
    [InlineData("arn:aws:iam::111111111111:role", "not a role ARN")]
    [InlineData("Admin", "not a role ARN")]
    public void Role_arn_must_have_the_shape_of_a_role_arn(string arn, string expected)
    {
        var set = Build($"[profile a]\nrole_arn = {arn}\nsource_profile = b\n[profile b]\naws_access_key_id = AKIA\naws_secret_access_key = s\n");
        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(set, "a"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Both_source_profile_and_credential_source_is_an_error_naming_both_lines()
    {
        var set = Build("[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = b\ncredential_source = Environment\n[profile b]\naws_access_key_id = AKIA\naws_secret_access_key = s\n");
        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(set, "a"));
        Assert.Contains("/h/.aws/config:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("/h/.aws/config:4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_profile_suggests_a_close_name()
    {
        var set = Build("[profile production]\nregion = x\n[profile staging]\nregion = y\n");
        var error = Assert.Throws<ProfileNotFoundException>(() => ChainPlanner.Plan(set, "prodution"));
        Assert.Equal("production", error.Suggestion);
        Assert.Contains("did you mean 'production'?", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Throws<ProfileNotFoundException>(() => ChainPlanner.Plan(set, "zzz")).Suggestion);
    }

    [Fact]
    public void Missing_source_profile_names_the_referring_line()
    {
        var set = Build("[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = ghost\n");
        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(set, "a"));
        Assert.Contains("no profile 'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Botocore_order_credentials_file_keys_beat_process_which_beats_config_file_keys()
    {
        var processOverConfigKeys = Build("[profile a]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\ncredential_process = /bin/helper\n");
        Assert.IsType<CredentialProcessSource>(ChainPlanner.Plan(processOverConfigKeys, "a").Base);

        var credentialsKeysOverProcess = Build("[profile a]\ncredential_process = /bin/helper\n", "[a]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n");
        var keys = Assert.IsType<StaticKeysSource>(ChainPlanner.Plan(credentialsKeysOverProcess, "a").Base);
        Assert.Equal("AKIACREDS", keys.AccessKeyId.Value);
    }

    [Fact]
    public void Keys_in_the_secret_store_win_over_plaintext_keys()
    {
        var set = Build("[profile a]\nregion = x\n", "[a]\naws_access_key_id = AKIAPLAIN\naws_secret_access_key = s\n");
        Assert.IsType<StoredKeysSource>(ChainPlanner.Plan(set, "a", name => name == "a").Base);
        var onlyStored = Build("[profile b]\nregion = x\n");
        Assert.IsType<StoredKeysSource>(ChainPlanner.Plan(onlyStored, "b", name => name == "b").Base);
        Assert.Throws<NoCredentialsConfiguredException>(() => ChainPlanner.Plan(onlyStored, "b"));
    }

    [Fact]
    public void Self_reference_without_keys_is_a_loop()
    {
        var set = Build("[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = a\n");
        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(set, "a"));
        Assert.Contains("a -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sso_profile_must_agree_with_its_session_on_region()
    {
        var same = Build("[profile a]\nsso_session = s\nsso_region = eu-west-1\nsso_account_id = 111111111111\nsso_role_name = R\n[sso-session s]\nsso_region = eu-west-1\nsso_start_url = https://d-1.awsapps.com/start\n");
        var sso = Assert.IsType<SsoSource>(ChainPlanner.Plan(same, "a").Base);
        Assert.Equal("eu-west-1", sso.Session.Region);
        Assert.True(sso.HasRoleCredentials);

        var different = Build("[profile a]\nsso_session = s\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = R\n[sso-session s]\nsso_region = eu-west-1\nsso_start_url = https://d-1.awsapps.com/start\n");
        Assert.Equal(3, Assert.Throws<ConfigException>(() => ChainPlanner.Plan(different, "a")).Line);
    }
}
