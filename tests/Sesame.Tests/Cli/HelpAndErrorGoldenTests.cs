using System.CommandLine;
using Sesame.Cli;
using Sesame.Testing;

namespace Sesame.Tests.Cli;

/// <summary>
/// Golden files for what a newcomer reads first: the <c>--help</c> of every command and the main error
/// messages. A change in wording shows up as a diff to review (run with <c>UPDATE_GOLDEN=1</c> to accept it).
/// </summary>
public sealed class HelpAndErrorGoldenTests : IDisposable
{
    private readonly SesameTester _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        using var tester = new SesameTester();
        using var output = new StringWriter();
        void Walk(Command command, string path)
        {
            foreach (var child in command.Subcommands)
            {
                if (child.Hidden)
                {
                    continue;
                }

                var childPath = path.Length == 0 ? child.Name : path + " " + child.Name;
                data.Add(childPath);
                Walk(child, childPath);
            }
        }

        Walk(CliApp.BuildRoot(tester.Context(output, output)), string.Empty);
        return data;
    }

    [Fact]
    public void The_root_help_lists_the_commands()
    {
        var run = _cli.Run("--help");
        Assert.Equal(0, run.Exit);
        Golden.AssertMatches("help-sesame", AsInstalled(run.Out));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_help_with_an_example(string command)
    {
        var run = _cli.Run([.. command.Split(' '), "--help"]);

        Assert.Equal(0, run.Exit);
        Assert.Contains("Example", run.Out, StringComparison.Ordinal);
        Golden.AssertMatches("help-" + command.Replace(' ', '-'), AsInstalled(run.Out));
    }

    // In-process, the parser names the root after the test host; installed, it is 'sesame'.
    private static string AsInstalled(string help) => help.Replace("  testhost ", "  sesame ", StringComparison.Ordinal);

    [Theory]
    [InlineData("unknown-profile", "", "credential-process", "prd")]
    [InlineData("profile-not-found-suggestion", "[profile prod]\nregion = eu-west-1\n", "explain", "prdo")]
    [InlineData("config-parse-error", "[profile prod\nregion = eu-west-1\n", "list")]
    [InlineData("role-without-source", "[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\n", "credential-process", "r")]
    [InlineData("source-profile-loop", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111111111111:role/B\nsource_profile = a\n", "credential-process", "a")]
    [InlineData("no-credentials", "[profile bare]\nregion = eu-west-1\n", "credential-process", "bare")]
    [InlineData("mfa-without-terminal", "[profile user]\naws_access_key_id = AKIAEXAMPLEEXAMPLE1\naws_secret_access_key = s\n[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = user\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n", "credential-process", "r")]
    [InlineData("sso-login-required", "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n", "credential-process", "dev")]
    [InlineData("invalid-region", "[profile p]\nregion = -1\naws_access_key_id = AKIAEXAMPLEEXAMPLE1\naws_secret_access_key = s\n", "export", "p")]
    [InlineData("invalid-duration", "[profile p]\nsesame_refresh_window = soon\naws_access_key_id = AKIAEXAMPLEEXAMPLE1\naws_secret_access_key = s\n", "credential-process", "p")]
    [InlineData("saml-login-required", "[profile corp]\nsesame_saml_url = https://adfs.example.com\nsesame_saml_username = EXAMPLE\\alice\nsesame_saml_role_arn = arn:aws:iam::111122223333:role/Deploy\ncredential_process = sesame credential-process corp\n", "credential-process", "corp")]
    [InlineData("credential-process-loop", "[profile x]\ncredential_process = sesame credential-process x\n", "credential-process", "x")]
    [InlineData("unknown-command", "", "lsit")]
    [InlineData("missing-argument", "", "explain")]
    public void The_main_errors_read_as_one_line_that_says_what_to_do(string name, string config, params string[] args)
    {
        _cli.WithConfig(config);

        var run = _cli.Run(args);

        Assert.NotEqual(0, run.Exit);
        Assert.StartsWith("sesame: error: ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        Golden.AssertMatches("error-" + name, $"exit {run.Exit}\n{run.Err}");
    }
}
