using Sesame.Testing;
using System.CommandLine;
using Sesame.Cli;
using Sesame.Cli.Output;
using Sesame.Cli.Shell;

namespace Sesame.Tests.ShellIntegration;

/// <summary>
/// <c>sesame shell complete -- WORDS…</c>, the entry point every shell's TAB calls, through the
/// in-process CLI: commands, options, profile names wherever an argument or option takes one,
/// sso-session names and export formats, and silence where nothing fits.
/// </summary>
public sealed class ShellCompletionTests : IDisposable
{
    private const string Config = """
        [default]
        region = eu-west-1

        [profile prod]
        role_arn = arn:aws:iam::222222222222:role/Admin
        source_profile = base

        [profile dev]
        role_arn = arn:aws:iam::111111111111:role/Developer
        source_profile = base

        [sso-session corp]
        sso_start_url = https://corp.example.invalid/start
        sso_region = eu-west-1

        [sso-session lab]
        sso_start_url = https://lab.example.invalid/start
        sso_region = us-east-1

        [profile sso-dev]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Developer

        [not-a-profile]
        region = us-east-1
        """;

    private const string Credentials = "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

    private static readonly string[] Profiles = ["base", "default", "dev", "prod", "sso-dev"];

    private readonly SesameTester _cli = new SesameTester().WithConfig(Config).WithCredentials(Credentials);

    [Theory]
    [InlineData("exec")]
    [InlineData("explain")]
    [InlineData("export")]
    [InlineData("credential-process")]
    [InlineData("whoami")]
    [InlineData("status")]
    [InlineData("clear")]
    public void A_profile_argument_completes_to_the_profiles_of_both_files(string command)
    {
        Assert.Equal(Profiles, Values(command, string.Empty));
    }

    [Fact]
    public void Use_completes_profile_names_and_its_options_although_it_is_hidden()
    {
        Assert.Equal(Profiles, Values("use", string.Empty));
        Assert.Equal(["--debug", "--help", "--login", "--off"], Values("use", "--").Order());
    }

    [Fact]
    public void A_partial_profile_name_completes_to_the_names_that_start_with_it()
    {
        Assert.Equal(["dev", "default"], Values("exec", "de").OrderDescending());
        Assert.Equal(["sso-dev"], Values("sso", "login", "s"));
    }

    [Fact]
    public void Every_argument_named_profile_in_the_tree_takes_profile_names_without_the_commands_knowing()
    {
        var root = CliApp.BuildRoot(Context());
        var paths = ArgumentPaths(root, []).Where(p => p.Argument.StartsWith("profile", StringComparison.Ordinal)).ToList();

        Assert.True(paths.Count >= 10, $"expected every command with a profile argument, found {paths.Count}");
        foreach (var (path, _) in paths)
        {
            Assert.True(Values([.. path, string.Empty]).Contains("prod"), $"'sesame {string.Join(' ', path)} <TAB>' does not offer profile names");
        }
    }

    [Fact]
    public void The_profile_option_takes_profile_names_and_the_sso_session_option_takes_sso_sessions()
    {
        Assert.Equal(Profiles, Values("sso", "login", "--profile", string.Empty));
        Assert.Equal(["corp", "lab"], Values("sso", "login", "--sso-session", string.Empty));
        Assert.Equal(["corp", "lab"], Values("sso", "logout", "--sso-session", string.Empty));
        Assert.Equal(["lab"], Values("sso", "populate", "--sso-session", "l"));
    }

    [Fact]
    public void The_format_option_takes_the_export_formats()
    {
        Assert.Equal(["dotenv", "env", "fish", "ini", "json", "powershell", "process"], Values("export", "--format", string.Empty));
        Assert.Equal(["powershell", "process"], Values("export", "prod", "-f", "p"));
        Assert.Equal(["--format=json"], Values("export", "--format=j"));
    }

    [Fact]
    public void Bash_s_split_of_an_option_and_its_value_at_the_equals_sign_is_understood()
    {
        // bash hands over "--format", "=", "json" for --format=json (COMP_WORDBREAKS).
        Assert.Equal(Profiles, Values("export", "--format", "=", "json", string.Empty));
        Assert.Empty(Values("export", "--format", "=", string.Empty));
        Assert.Empty(Values("export", "--format", "="));
    }

    [Fact]
    public void Every_format_offered_is_one_export_accepts()
    {
        foreach (var format in ShellCompleter.ExportFormats)
        {
            Assert.True(CredentialFormats.TryParse(format, out _), $"export does not accept '{format}'");
        }
    }

    [Fact]
    public void An_empty_command_line_offers_the_visible_commands_and_no_hidden_ones()
    {
        var values = Values(string.Empty);

        Assert.Contains("exec", values);
        Assert.Contains("shell", values);
        Assert.Contains("sso", values);
        Assert.DoesNotContain("use", values);
        Assert.DoesNotContain("complete", Values("shell", string.Empty));
        Assert.DoesNotContain(values, v => v.StartsWith('-'));
    }

    [Fact]
    public void Subcommands_complete_with_a_short_description()
    {
        var (code, output, error) = _cli.Run("shell", "complete", "--", "sso", "lo");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        var lines = Lines(output);
        Assert.Equal(["login", "logout"], lines.Select(l => l.Split('\t')[0]));
        Assert.All(lines, line => Assert.Matches("^[a-z]+\t[A-Z][^\t\n]{10,72}$", line));
    }

    [Fact]
    public void A_dash_offers_the_long_options_of_the_command_and_the_recursive_ones()
    {
        var values = Values("export", "-");

        Assert.Equal(["--debug", "--format", "--help", "--mfa-token", "--to-profile"], values.Order());
    }

    [Fact]
    public void An_option_already_given_is_not_offered_again()
    {
        Assert.DoesNotContain("--format", Values("export", "--format", "json", "--"));
    }

    [Fact]
    public void A_flag_takes_no_value_so_the_next_word_is_a_profile_again()
    {
        Assert.Equal(Profiles, Values("exec", "--allow-nested", string.Empty));
    }

    [Fact]
    public void A_filled_positional_argument_is_not_offered_again()
    {
        Assert.Empty(Values("exec", "prod", string.Empty));
        Assert.Empty(Values("explain", "prod", string.Empty));
    }

    [Fact]
    public void Nothing_is_offered_after_a_double_dash_so_the_shell_completes_the_command()
    {
        Assert.Empty(Values("exec", "prod", "--", string.Empty));
        Assert.Empty(Values("exec", "prod", "--", "ls", "-"));
    }

    [Fact]
    public void The_shell_names_complete_after_shell_init()
    {
        Assert.Equal(["bash", "direnv", "fish", "pwsh", "zsh"], Values("shell", "init", string.Empty).Order());
    }

    [Fact]
    public void A_malformed_config_file_completes_commands_but_no_names_and_prints_no_error()
    {
        using var broken = new SesameTester().WithConfig("[profile ok]\nthis line is not ini\n");

        var (code, output, error) = broken.Run("shell", "complete", "--", "exec", string.Empty);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(string.Empty, error);
        Assert.Contains("exec", Lines(broken.Run("shell", "complete", "--", "e").Out).Select(l => l.Split('\t')[0]));
    }

    [Fact]
    public void Completion_reads_no_credentials_and_writes_nothing_but_the_validated_files_list()
    {
        _cli.Run("shell", "complete", "--", "exec", string.Empty);
        var before = _cli.Snapshot();

        Assert.Equal(Profiles, Values("exec", string.Empty));

        Assert.Equal(before, _cli.Snapshot());
        Assert.False(Directory.Exists(Path.Combine(_cli.Home, ".local", "share", "sesame")), "completion must not create or open the secret store");
    }

    public void Dispose() => _cli.Dispose();

    private string[] Values(params string[] words)
    {
        var (code, output, error) = _cli.Run(["shell", "complete", "--", .. words]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        return Lines(output).Select(line => line.Split('\t')[0]).ToArray();
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private CliContext Context() => _cli.Context(TextWriter.Null, TextWriter.Null);

    // Every visible command path with the name of its first positional argument.
    private static IEnumerable<(string[] Path, string Argument)> ArgumentPaths(Command command, string[] path)
    {
        foreach (var subcommand in command.Subcommands.Where(c => !c.Hidden))
        {
            string[] next = [.. path, subcommand.Name];
            if (subcommand.Arguments.FirstOrDefault(a => !a.Hidden) is { } argument)
            {
                yield return (next, argument.Name);
            }

            foreach (var nested in ArgumentPaths(subcommand, next))
            {
                yield return nested;
            }
        }
    }
}
