using Sesame.Testing;
using Sesame.Cli;
using Sesame.Cli.Shell;

namespace Sesame.Tests.ShellIntegration;

/// <summary>
/// <c>sesame shell use</c>, the program half of the <c>sesame use</c> shell function: the code it
/// prints for each shell, what it removes (only what Sesame put there), and its refusals.
/// </summary>
public sealed class ShellUseTests : IDisposable
{
    private readonly SesameTester _cli = new SesameTester()
        .WithConfig("[profile prod]\nregion = eu-west-1\n")
        .WithCredentials("[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");

    [Theory]
    [InlineData("bash", "export AWS_PROFILE='prod'\n")]
    [InlineData("zsh", "export AWS_PROFILE='prod'\n")]
    [InlineData("fish", "set -gx AWS_PROFILE 'prod'\n")]
    [InlineData("pwsh", "$Env:AWS_PROFILE = 'prod'\n")]
    public void Use_prints_the_assignment_in_the_shell_s_syntax(string shell, string expected)
    {
        var (code, output, error) = _cli.Run("shell", "use", "--shell", shell, "prod");

        Assert.Equal(0, code);
        Assert.Equal(expected, output);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("bash", "export AWS_PROFILE='it'\\''s $HOME'")]
    [InlineData("fish", "set -gx AWS_PROFILE 'it\\'s $HOME'")]
    [InlineData("pwsh", "$Env:AWS_PROFILE = 'it''s $HOME'")]
    public void Values_are_quoted_so_the_shell_takes_them_literally(string shell, string expected)
    {
        Assert.True(ShellSyntax.TryParse(shell, out var kind));
        Assert.Equal(expected, ShellSyntax.Set(kind, "AWS_PROFILE", "it's $HOME"));
    }

    [Theory]
    [InlineData("bash", "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION SESAME_EXPORTED\nexport AWS_PROFILE='prod'\n")]
    [InlineData("fish", "set -e AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION SESAME_EXPORTED\nset -gx AWS_PROFILE 'prod'\n")]
    [InlineData("pwsh", "Remove-Item Env:AWS_ACCESS_KEY_ID -ErrorAction SilentlyContinue; Remove-Item Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue; Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue; Remove-Item Env:AWS_CREDENTIAL_EXPIRATION -ErrorAction SilentlyContinue; Remove-Item Env:AWS_REGION -ErrorAction SilentlyContinue; Remove-Item Env:SESAME_EXPORTED -ErrorAction SilentlyContinue\n$Env:AWS_PROFILE = 'prod'\n")]
    public void Use_removes_the_credentials_export_put_in_the_shell(string shell, string expected)
    {
        Exported();

        var (code, output, error) = _cli.Run("shell", "use", "--shell", shell, "prod");

        Assert.Equal(0, code);
        Assert.Equal(expected, output);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Use_leaves_credentials_Sesame_did_not_set_and_warns_that_they_win_over_the_profile()
    {
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIAOTHEREXAMPLE";
        _cli.Environment["AWS_SECRET_ACCESS_KEY"] = "other-secret";

        var (code, output, error) = _cli.Run("shell", "use", "--shell", "bash", "prod");

        Assert.Equal(0, code);
        Assert.Equal("export AWS_PROFILE='prod'\n", output);
        Assert.Equal("sesame: warning: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set in this shell, not by Sesame, and take precedence over AWS_PROFILE; run 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN' to use the profile\n", error);
        Assert.DoesNotContain("other-secret", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_with_login_asks_the_shell_to_sign_in_after_the_switch()
    {
        Assert.Equal("export AWS_PROFILE='prod'\n__sesame_login 'prod'\n", _cli.Run("shell", "use", "--shell", "bash", "prod", "--login").Out);
        Assert.Equal("set -gx AWS_PROFILE 'prod'\n__sesame_login 'prod'\n", _cli.Run("shell", "use", "--shell", "fish", "--login", "prod").Out);
    }

    [Fact]
    public void Off_unsets_the_profile_and_what_export_set()
    {
        Exported();
        _cli.Environment["AWS_PROFILE"] = "prod";
        _cli.Environment["AWS_DEFAULT_PROFILE"] = "prod";

        var (code, output, _) = _cli.Run("shell", "use", "--shell", "zsh", "--off");

        Assert.Equal(0, code);
        Assert.Equal("unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION SESAME_EXPORTED\n", output);
    }

    [Fact]
    public void Off_with_nothing_set_prints_nothing()
    {
        var (code, output, error) = _cli.Run("shell", "use", "--shell", "fish", "--off");

        Assert.Equal((0, string.Empty, string.Empty), (code, output, error));
    }

    [Fact]
    public void An_unknown_profile_prints_no_code_and_suggests_the_close_name()
    {
        var (code, output, error) = _cli.Run("shell", "use", "--shell", "bash", "prdo");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("sesame: error: profile 'prdo' not found; did you mean 'prod'?\n", error);
    }

    [Fact]
    public void Use_refuses_inside_sesame_exec_whose_credentials_would_win()
    {
        _cli.Environment["SESAME_PROFILE"] = "prod";

        var (code, output, error) = _cli.Run("shell", "use", "--shell", "bash", "base");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("sesame: error: this shell runs inside 'sesame exec prod', whose credentials win over any profile; exit that shell first\n", error);
    }

    [Fact]
    public void Use_without_a_profile_and_without_a_terminal_says_to_name_one()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = CliApp.Guard(Context(output, error), debug: false, () => ShellUse.Run(Context(output, error), ShellKind.Bash, profile: null, login: false, off: false, () => null));

        Assert.Equal(4, code);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal("sesame: error: no profile named and no terminal to pick one on: run 'sesame use PROFILE' ('sesame list' shows them)\n", error.ToString());
    }

    [Fact]
    public void Use_without_a_profile_switches_to_the_one_picked_and_to_nothing_when_the_picker_is_left()
    {
        using var output = new StringWriter();
        var picked = new ScriptedKeys(new Key(KeyKind.Char, 'b'), Key.Of(KeyKind.Enter));

        Assert.Equal(0, ShellUse.Run(Context(output, TextWriter.Null), ShellKind.Bash, null, false, false, () => picked));
        Assert.Equal("export AWS_PROFILE='base'\n", output.ToString());
        Assert.True(picked.Disposed);

        using var nothing = new StringWriter();
        Assert.Equal(130, ShellUse.Run(Context(nothing, TextWriter.Null), ShellKind.Bash, null, false, false, () => new ScriptedKeys(Key.Of(KeyKind.Cancel))));
        Assert.Equal(string.Empty, nothing.ToString());
    }

    public void Dispose() => _cli.Dispose();

    // What `sesame export` leaves in a shell (with its marker), as the program's environment sees it.
    private void Exported()
    {
        _cli.Environment["AWS_ACCESS_KEY_ID"] = "ASIAEXPORTEDEXAMPLE";
        _cli.Environment["AWS_SECRET_ACCESS_KEY"] = "exported-secret";
        _cli.Environment["AWS_SESSION_TOKEN"] = "exported-token";
        _cli.Environment["AWS_CREDENTIAL_EXPIRATION"] = "2030-01-01T00:00:00Z";
        _cli.Environment["AWS_REGION"] = "us-west-2";
        _cli.Environment["SESAME_EXPORTED"] = "dev";
    }

    private CliContext Context(TextWriter output, TextWriter error) => _cli.Context(output, error);
}
