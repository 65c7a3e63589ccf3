using System.Text.Json.Nodes;
using Sesame.Core.Errors;
using Sesame.Testing;

namespace Sesame.Tests.Cli;

public sealed class ListAndExplainCommandTests
{
    private static SesameTester Sample() => new SesameTester().WithConfig(SampleConfigs.Config).WithCredentials(SampleConfigs.Credentials);

    [Fact]
    public void List_shows_every_profile_with_kind_source_region_and_location()
    {
        using var cli = Sample();
        var (code, output, error) = cli.Run("list");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(string.Empty, error);
        Golden.AssertMatches("list", output);
    }

    [Fact]
    public void List_json_is_an_array_with_name_kind_region_file_line()
    {
        using var cli = Sample();
        var (code, output, _) = cli.Run("list", "--json");
        Assert.Equal(ExitCodes.Success, code);
        var rows = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(
            ["default", "dev", "prod", "ci", "sso-dev", "k8s", "ec2", "console", "settings-only", "base"],
            rows.Select(r => r!["name"]!.GetValue<string>()));
        var prod = rows.Single(r => r!["name"]!.GetValue<string>() == "prod")!;
        Assert.Equal("role", prod["kind"]!.GetValue<string>());
        Assert.Equal("dev", prod["source"]!.GetValue<string>());
        Assert.Equal("<HOME>/.aws/config", prod["file"]!.GetValue<string>());
        Assert.Equal(12, prod["line"]!.GetValue<int>());
        Assert.Null(prod["region"]);
        Assert.Equal(
            ["unknown", "role", "role", "process", "sso", "web-identity", "role", "login", "unknown", "static"],
            rows.Select(r => r!["kind"]!.GetValue<string>()));
        Golden.AssertMatches("list-json", output);
    }

    [Fact]
    public void Explain_walks_the_chain_masks_secrets_and_lists_what_is_ignored()
    {
        using var cli = Sample();
        var (code, output, error) = cli.Run("explain", "prod");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(string.Empty, error);
        SecretScan.AssertNoSecrets(output, SampleConfigs.SecretKey, SampleConfigs.IgnoredSecret, "AKIAIOSFODNN7EXAMPLE");
        Golden.AssertMatches("explain-prod", output);
    }

    [Fact]
    public void Explain_json_has_properties_with_file_and_line_and_the_chain()
    {
        using var cli = Sample();
        var (code, output, _) = cli.Run("explain", "prod", "--json");
        Assert.Equal(ExitCodes.Success, code);
        SecretScan.AssertNoSecrets(output, SampleConfigs.SecretKey, SampleConfigs.IgnoredSecret);
        var report = JsonNode.Parse(output)!;
        var roleArn = report["properties"]!["role_arn"]!;
        Assert.Equal("arn:aws:iam::222222222222:role/Admin", roleArn["value"]!.GetValue<string>());
        Assert.Equal("<HOME>/.aws/config", roleArn["file"]!.GetValue<string>());
        Assert.Equal(13, roleArn["line"]!.GetValue<int>());
        Assert.Equal("****WXYZ", report["properties"]!["aws_secret_access_key"]!["value"]!.GetValue<string>());
        Assert.Equal(["prod", "dev", "base"], report["chain"]!.AsArray().Select(s => s!["profile"]!.GetValue<string>()));
        Assert.Equal(["role", "role", "static"], report["chain"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
        var ignored = report["ignored"]!.AsArray();
        Assert.Contains(ignored, i => i!["what"]?.GetValue<string>() == "aws_access_key_id = ****LE01" && i["line"]!.GetValue<int>() == 18);
        Assert.Null(report["error"]);
    }

    [Fact]
    public void Explain_notes_a_default_hidden_by_profile_default_and_a_prefixed_credentials_section()
    {
        using var cli = new SesameTester()
            .WithConfig("[default]\nregion = us-east-1\n\n[profile default]\nregion = eu-west-1\ncredential_process = /bin/creds\n")
            .WithCredentials("[profile default]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\n");
        var (code, output, _) = cli.Run("explain", "default");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("~/.aws/config:1  section [default] ignored: this file also has [profile default]", output, StringComparison.Ordinal);
        Assert.Contains("~/.aws/credentials:1  section [profile default] ignored: in the credentials file, profiles are written [default]", output, StringComparison.Ordinal);
        Assert.Matches(@"region +=  ?eu-west-1 +~/.aws/config:5", output);
    }

    [Fact]
    public void Explain_of_sso_profile_shows_the_sso_session_settings_with_their_lines()
    {
        using var cli = Sample();
        var (code, output, _) = cli.Run("explain", "sso-dev");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("[sso] sso-dev: IAM Identity Center role PowerUser in account 333333333333", output, StringComparison.Ordinal);
        Assert.Contains("[sso-session corp] sso_start_url", output, StringComparison.Ordinal);
        Assert.Contains("~/.aws/config:31", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_profile_exits_2_with_did_you_mean_and_no_stack_trace()
    {
        using var cli = Sample();
        var (code, output, error) = cli.Run("explain", "prdo");
        Assert.Equal(ExitCodes.ConfigError, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("sesame: error: profile 'prdo' not found; did you mean 'prod'?\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("explain", "dev")]
    public void Malformed_file_exits_2_with_path_and_line_and_no_stack_trace(params string[] args)
    {
        using var cli = new SesameTester().WithConfig("[default]\nregion = us-east-1\n[profile dev\nrole_arn = x\n");
        var (code, output, error) = cli.Run(args);
        Assert.Equal(ExitCodes.ConfigError, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("sesame: error: <HOME>/.aws/config:3: Profile definition must end with ']'\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Invalid_chain_prints_what_it_can_then_one_error_line_with_file_and_line()
    {
        using var cli = new SesameTester().WithConfig("[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\ncredential_source = ec2instancemetadata\n");
        var (code, output, error) = cli.Run("explain", "a");
        Assert.Equal(ExitCodes.ConfigError, code);
        Assert.Contains("credential_source = ec2instancemetadata", output, StringComparison.Ordinal);
        Assert.Equal("sesame: error: <HOME>/.aws/config:3: credential_source 'ec2instancemetadata' is not valid; did you mean 'Ec2InstanceMetadata'? (the value is case-sensitive)\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Debug_flag_adds_the_stack_trace()
    {
        using var cli = new SesameTester().WithConfig("[profile dev\n");
        var (code, _, error) = cli.Run("list", "--debug");
        Assert.Equal(ExitCodes.ConfigError, code);
        Assert.Contains("ConfigParseException", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void List_and_explain_never_write_anything()
    {
        using var cli = Sample();
        var before = cli.Snapshot();
        cli.Run("list");
        cli.Run("list", "--json");
        cli.Run("explain", "prod");
        cli.Run("explain", "nope");
        Assert.Equal(before, cli.Snapshot());
    }

    [Fact]
    public void Bad_arguments_exit_2_and_point_at_help()
    {
        using var cli = Sample();
        var (code, _, error) = cli.Run("explain");
        Assert.Equal(ExitCodes.ConfigError, code);
        Assert.Contains("sesame: error: Required argument 'profile' missing for command: 'explain'.", error, StringComparison.Ordinal);
        Assert.Contains("Run 'sesame explain --help' for usage.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("explain")]
    public void Every_command_help_has_an_example(string command)
    {
        using var cli = Sample();
        var (code, output, _) = cli.Run(command, "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains($"sesame {command}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_overrides_choose_the_files()
    {
        using var cli = new SesameTester();
        using var other = new TempDirectory();
        cli.Environment["AWS_CONFIG_FILE"] = other.Write("custom-config", "[profile only-here]\nregion = x\n");
        cli.Environment["AWS_SHARED_CREDENTIALS_FILE"] = other.Combine("missing");
        var (code, output, _) = cli.Run("list", "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("only-here", Assert.Single(JsonNode.Parse(output)!.AsArray())!["name"]!.GetValue<string>());
    }
}
