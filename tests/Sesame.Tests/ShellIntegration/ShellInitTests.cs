using Sesame.Testing;

namespace Sesame.Tests.ShellIntegration;

/// <summary>
/// <c>sesame shell init SHELL</c> prints exactly the reviewed script (golden files; run with
/// UPDATE_GOLDEN=1 after a deliberate change and review the diff), the same whatever the
/// environment, and refuses a shell it does not know. The scripts run for real in
/// Sesame.EndToEnd.Tests/Shell.
/// </summary>
public sealed class ShellInitTests
{
    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    [InlineData("direnv")]
    public void Init_prints_the_reviewed_script(string shell)
    {
        using var cli = new SesameTester();

        var (code, output, error) = cli.Run("shell", "init", shell);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
        Golden.AssertMatches($"shell-init-{shell}", output);
    }

    [Fact]
    public void Init_prints_the_same_script_whatever_the_profile_or_the_home()
    {
        using var first = new SesameTester().WithConfig("[profile prod]\nregion = eu-west-1\n");
        using var second = new SesameTester();
        second.Environment["AWS_PROFILE"] = "prod";

        Assert.Equal(first.Run("shell", "init", "bash").Out, second.Run("shell", "init", "bash").Out);
    }

    [Fact]
    public void Init_refuses_an_unknown_shell_and_names_the_known_ones()
    {
        using var cli = new SesameTester();

        var (code, output, error) = cli.Run("shell", "init", "tcsh");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("tcsh", error, StringComparison.Ordinal);
        Assert.Contains("bash", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_without_the_shell_integration_says_how_to_load_it()
    {
        using var cli = new SesameTester().WithConfig("[profile prod]\nregion = eu-west-1\n");

        var (code, output, error) = cli.Run("use", "prod");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("sesame: error: 'sesame use' changes your shell, so it needs Sesame's shell integration: add eval \"$(sesame shell init bash)\" to ~/.bashrc (zsh, fish, pwsh: see 'sesame shell init --help'), then open a new shell\n", error);
    }
}
