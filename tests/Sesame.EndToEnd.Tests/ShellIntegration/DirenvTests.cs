using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.ShellIntegration;

/// <summary>
/// <c>use sesame PROFILE</c> in an <c>.envrc</c>, with Debian's direnv and the library from
/// <c>sesame shell init direnv</c> loaded from direnvrc as the docs say.
/// </summary>
public sealed class DirenvTests
{
    [Fact]
    public async Task Use_sesame_exports_the_profile_and_says_nothing_when_no_sign_in_is_needed()
    {
        using var home = DirenvHome("prod");

        var (code, output, error) = await DirenvExecAsync(home, "printenv", "AWS_PROFILE");

        Assert.Equal(0, code);
        Assert.Equal("prod\n", output);
        Assert.DoesNotContain("direnv: sesame:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mfa-admin", "direnv: sesame: 'mfa-admin' will ask for an MFA code on its next use")]
    [InlineData("sso-dev", "direnv: sesame: 'sso-dev' needs an IAM Identity Center sign-in: sesame sso login --profile sso-dev")]
    [InlineData("saml-corp", "direnv: sesame: 'saml-corp' needs a SAML sign-in: sesame saml login saml-corp")]
    public async Task Use_sesame_prints_one_line_when_the_next_use_needs_a_code_or_a_sign_in_and_never_prompts(string profile, string line)
    {
        using var home = DirenvHome(profile);
        home.WithSamlProfile();

        // Standard input is closed: a prompt would fail or hang, and the timeout would say so.
        var (code, output, error) = await DirenvExecAsync(home, "printenv", "AWS_PROFILE");

        Assert.Equal(0, code);
        Assert.Equal(profile + "\n", output);
        Assert.Single(error.Split('\n'), l => l.Contains("direnv: sesame:", StringComparison.Ordinal));
        Assert.Contains(line, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Use_sesame_drops_credentials_that_sesame_export_left_in_the_environment()
    {
        using var home = DirenvHome("prod");
        home.Environment["AWS_ACCESS_KEY_ID"] = "ASIAEXPORTEDEXAMPLE";
        home.Environment["AWS_SECRET_ACCESS_KEY"] = "exported-secret";
        home.Environment["SESAME_EXPORTED"] = "dev";

        var (code, output, _) = await DirenvExecAsync(home, "sh", "-c", "echo \"${AWS_PROFILE}:${AWS_ACCESS_KEY_ID-unset}:${SESAME_EXPORTED-unset}\"");

        Assert.Equal(0, code);
        Assert.Equal("prod:unset:unset\n", output);
    }

    [Fact]
    public async Task Use_sesame_reports_an_unknown_profile_in_one_line()
    {
        using var home = DirenvHome("prdo");

        var (_, _, error) = await DirenvExecAsync(home, "true");

        Assert.Contains("profile 'prdo' not found; did you mean 'prod'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_direnv_hook_in_bash_sets_the_profile_on_entering_the_folder_and_restores_it_on_leaving()
    {
        using var home = DirenvHome("prod");
        var direnv = ExternalTools.Require("direnv", "direnv");
        await using var session = await ShellSession.StartAsync(home, ShellName.Bash, $"""
            eval "$({direnv} hook bash)"
            """);

        await session.RunAsync($"cd '{home.Combine("project")}'");
        Assert.Equal("prod", await session.VariableAsync("AWS_PROFILE"));

        await session.RunAsync("cd ..");
        Assert.Equal(string.Empty, await session.VariableAsync("AWS_PROFILE"));
    }

    // A home whose direnvrc loads the library, with an allowed project folder whose .envrc says `use sesame PROFILE`.
    private static ShellHome DirenvHome(string profile)
    {
        var home = new ShellHome().WithProfiles();
        home.Write(".config/direnv/direnvrc", "eval \"$(sesame shell init direnv)\"\n");
        home.Write("project/.envrc", $"use sesame {profile}\n");
        var direnv = ExternalTools.Require("direnv", "direnv");
        var allow = Run(home, direnv, ["allow", home.Combine("project")]).GetAwaiter().GetResult();
        if (allow.Code != 0)
        {
            home.Dispose();
            Assert.Fail("direnv allow failed: " + allow.Error);
        }

        return home;
    }

    private static Task<(int Code, string Output, string Error)> DirenvExecAsync(ShellHome home, params string[] command)
        => Run(home, ExternalTools.Require("direnv", "direnv"), ["exec", home.Combine("project"), .. command]);

    // Runs with exactly the home's environment (nothing from the test host) and no standard input.
    private static async Task<(int Code, string Output, string Error)> Run(ShellHome home, string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = home.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in home.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish (did something prompt?): {await error}");
        }

        // direnv colours its lines ("\x1b[m"); the tests read the text.
        return (process.ExitCode, await output, (await error).Replace("\x1b[m", string.Empty, StringComparison.Ordinal));
    }
}
