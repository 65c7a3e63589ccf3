using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Refresh;
using Sesame.Testing;

namespace Sesame.Tests.Refresh;

public sealed class WrittenProfilesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AwsCredentials Session = new("ASIAWRITTEN000000001", "written-secret-wJalrXUtnFEMI/K7MDENG", "written-token-IQoJb3JpZ2luX2Vj", Now.AddHours(1), "111122223333");

    private const string Existing = """
        # my keys, edited by hand
        [default]
        aws_access_key_id = AKIADEFAULT000000001
        aws_secret_access_key = default-secret   ; inline note

        [other]
        region=eu-west-1

        """;

    [Fact]
    public void Writing_a_new_profile_appends_it_and_keeps_every_other_byte()
    {
        var document = Parse(Existing);

        WrittenProfiles.Write("dev-session", "dev", Session)(document);

        Assert.Equal(Existing + """

            [dev-session]
            aws_access_key_id = ASIAWRITTEN000000001
            aws_secret_access_key = written-secret-wJalrXUtnFEMI/K7MDENG
            aws_session_token = written-token-IQoJb3JpZ2luX2Vj
            expiration = 2026-03-01T13:00:00Z
            aws_account_id = 111122223333
            sesame_source_profile = dev

            """, document.Text);
    }

    [Fact]
    public void Rewriting_its_own_profile_changes_only_the_values_and_keeps_the_users_additions()
    {
        const string written = """
            [dev-session]
            # kept: a note the user added
            aws_access_key_id = ASIAOLD0000000000001
            aws_secret_access_key = old-secret
            aws_session_token = old-token
            expiration = 2026-03-01T11:00:00Z
            region = eu-west-1
            sesame_source_profile = dev
            [after]
            x = 1
            """;
        var document = Parse(written);
        var renewed = Session with { AccountId = null };

        WrittenProfiles.Apply(document, "dev-session", "dev", renewed);

        Assert.Equal("""
            [dev-session]
            # kept: a note the user added
            aws_access_key_id = ASIAWRITTEN000000001
            aws_secret_access_key = written-secret-wJalrXUtnFEMI/K7MDENG
            aws_session_token = written-token-IQoJb3JpZ2luX2Vj
            expiration = 2026-03-01T13:00:00Z
            region = eu-west-1
            sesame_source_profile = dev
            [after]
            x = 1
            """, document.Text);
    }

    [Fact]
    public void A_section_it_did_not_write_is_never_overwritten()
    {
        var document = Parse(Existing);

        var error = Assert.Throws<ConfigException>(() => WrittenProfiles.Apply(document, "default", "dev", Session));

        Assert.Contains("was not written by Sesame", error.Message, StringComparison.Ordinal);
        Assert.Equal(Existing, document.Text);
        SecretScan.AssertNoSecrets(error.Message, Session.SecretAccessKey, Session.SessionToken);
    }

    [Fact]
    public void A_profile_is_not_written_into_itself()
    {
        var document = Parse(string.Empty);

        Assert.Throws<ConfigException>(() => WrittenProfiles.Apply(document, "dev", "dev", Session));
        Assert.Equal(string.Empty, document.Text);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("a]b")]
    public void Invalid_section_names_are_configuration_errors(string name)
    {
        Assert.Throws<ConfigException>(() => WrittenProfiles.Apply(Parse(string.Empty), name, "dev", Session));
    }

    [Fact]
    public void Crlf_files_stay_crlf()
    {
        var text = "[default]\r\nregion = us-east-1\r\n";
        var document = Parse(text);

        WrittenProfiles.Apply(document, "dev-session", "dev", Session);

        Assert.StartsWith(text, document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", document.Text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_without_a_token_or_expiry_leave_no_stale_token_behind()
    {
        var document = Parse(string.Empty);
        WrittenProfiles.Apply(document, "dev-session", "dev", Session);

        WrittenProfiles.Apply(document, "dev-session", "dev", new AwsCredentials("AKIALONGTERM00000001", "long-secret"));

        Assert.Null(document.GetValue(SectionKind.Profile, "dev-session", "aws_session_token"));
        Assert.Null(document.GetValue(SectionKind.Profile, "dev-session", "expiration"));
        Assert.Null(WrittenProfiles.Read(document, "dev-session")!.Expiration);
    }

    [Fact]
    public void Refresh_finds_the_written_profiles_inside_the_window_and_the_ones_without_a_readable_expiry()
    {
        var document = Parse("""
            [hand-made]
            aws_access_key_id = AKIA
            expiration = 2026-03-01T12:05:00Z
            [soon]
            expiration = 2026-03-01T12:20:00Z
            sesame_source_profile = dev
            [later]
            expiration = 2026-03-01T13:00:00Z
            sesame_source_profile = prod
            [expired]
            expiration = 2026-03-01T11:00:00+00:00
            sesame_source_profile = dev
            [broken]
            expiration = tomorrow
            sesame_source_profile = ops
            """);

        var due = WrittenProfiles.Due(document, Now, TimeSpan.FromMinutes(30));
        var all = WrittenProfiles.FindAll(document);

        Assert.Equal(["soon", "expired", "broken"], due.Select(p => p.Section));
        Assert.Equal(new WrittenProfile("soon", "dev", Now.AddMinutes(20)), due[0]);
        Assert.Null(due[2].Expiration);
        Assert.Equal(["soon", "later", "expired", "broken"], all.Select(p => p.Section));
        Assert.Equal("prod", all[1].SourceProfile);
    }

    [Fact]
    public void Watch_wakes_when_the_first_profile_enters_the_window_and_at_least_every_max_sleep()
    {
        WrittenProfile[] profiles = [new("a", "x", Now.AddMinutes(50)), new("b", "y", Now.AddMinutes(45))];

        Assert.Equal(Now.AddMinutes(15), WrittenProfiles.NextCheck(profiles, Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddMinutes(10), WrittenProfiles.NextCheck(profiles, Now, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)));
        Assert.Equal(Now, WrittenProfiles.NextCheck([new("c", "z", null)], Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)));
        Assert.Equal(Now, WrittenProfiles.NextCheck([new("d", "z", Now.AddMinutes(-5))], Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddHours(1), WrittenProfiles.NextCheck([], Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_written_profile_is_what_botocore_reads()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "credentials");
        var document = Parse(Existing);
        WrittenProfiles.Apply(document, "dev-session", "dev", Session);
        File.WriteAllBytes(path, document.ToBytes());
        var python = ExternalTools.Require("python3", "python3 (with botocore: pip install boto3)");

        var (exit, output, error) = ExternalTools.Run(python, ["-c", "import botocore.session as s; c = s.Session(profile='dev-session').get_credentials(); print(c.method, c.access_key, c.token == 'written-token-IQoJb3JpZ2luX2Vj')"],
            new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = path, ["AWS_CONFIG_FILE"] = Path.Combine(directory.Path, "none") });

        Assert.True(exit == 0, error);
        Assert.Equal("shared-credentials-file ASIAWRITTEN000000001 True", output.Trim());
    }

    private static ConfigDocument Parse(string text) => ConfigDocument.Parse("credentials", ConfigFileKind.Credentials, Encoding.UTF8.GetBytes(text));
}
