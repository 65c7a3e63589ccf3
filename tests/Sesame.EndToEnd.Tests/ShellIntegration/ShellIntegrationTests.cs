using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.ShellIntegration;

/// <summary>
/// <c>sesame shell init</c> loaded the way the docs say into real interactive bash, zsh, fish and
/// PowerShell under tmux, with the built <c>sesame</c> on PATH and an isolated home: <c>sesame use</c>
/// changes that shell, TAB completes profile names, and <c>sesame_prompt</c> shows the profile and
/// its time left without starting a process (checked with strace).
/// </summary>
public sealed class ShellIntegrationTests
{
    public static TheoryData<ShellName> Shells => [ShellName.Bash, ShellName.Zsh, ShellName.Fish, ShellName.Pwsh];

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Use_sets_AWS_PROFILE_in_the_shell_and_drops_the_credentials_export_put_there(ShellName shell)
    {
        using var home = new ShellHome().WithProfiles();
        await using var session = await ShellSession.StartAsync(home, shell, Startup(shell));

        // What `sesame export dev` prints: the credentials and the SESAME_EXPORTED marker.
        await session.RunAsync(SetVariables(shell, new()
        {
            ["AWS_ACCESS_KEY_ID"] = "ASIAEXPORTEDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "exported-secret",
            ["AWS_SESSION_TOKEN"] = "exported-token",
            ["AWS_CREDENTIAL_EXPIRATION"] = "2030-01-01T00:00:00Z",
            ["AWS_REGION"] = "us-west-2",
            ["SESAME_EXPORTED"] = "dev",
        }));

        Assert.Equal(string.Empty, await session.RunAsync("sesame use prod"));

        Assert.Equal("prod", await session.VariableAsync("AWS_PROFILE"));
        foreach (var variable in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "SESAME_EXPORTED" })
        {
            Assert.Equal(string.Empty, await session.VariableAsync(variable));
        }

        // A mistyped name changes nothing and says what was meant.
        Assert.Contains("profile 'prdo' not found; did you mean 'prod'?", await session.RunAsync("sesame use prdo"), StringComparison.Ordinal);
        Assert.Equal("prod", await session.VariableAsync("AWS_PROFILE"));

        // Every other command passes through to the program.
        Assert.Contains("mfa-admin", await session.RunAsync("sesame list"), StringComparison.Ordinal);

        await session.RunAsync("sesame use --off");
        Assert.Equal(string.Empty, await session.VariableAsync("AWS_PROFILE"));
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Tab_after_exec_completes_profile_names(ShellName shell)
    {
        using var home = new ShellHome().WithProfiles();
        await using var session = await ShellSession.StartAsync(home, shell, Startup(shell));

        await session.TypeAsync("sesame exec ");
        await session.PressAsync("Tab");
        if (shell is ShellName.Bash or ShellName.Pwsh)
        {
            // bash lists the candidates on the second TAB (PowerShell's list, too, in its Emacs mode).
            await session.PressAsync("Tab");
        }

        var screen = await session.WaitForScreenAsync("mfa-admin");
        Assert.Contains("sso-dev", screen, StringComparison.Ordinal);
        Assert.Contains("prod", screen, StringComparison.Ordinal);
        await session.PressAsync("C-c");
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Tab_completes_a_partial_profile_name_in_place(ShellName shell)
    {
        using var home = new ShellHome().WithProfiles();
        await using var session = await ShellSession.StartAsync(home, shell, Startup(shell));

        await session.TypeAsync("sesame use mfa");
        await session.PressAsync("Tab");

        await session.WaitForScreenAsync("sesame use mfa-admin");
        await session.PressAsync("C-c");
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Prompt_shows_the_profile_and_time_left_without_starting_a_process(ShellName shell)
    {
        using var home = new ShellHome().WithProfiles();
        await using var session = await ShellSession.StartAsync(home, shell, Startup(shell));
        await session.RunAsync("sesame use prod");
        home.RecordExpiry("prod", TimeSpan.FromMinutes(125) + TimeSpan.FromSeconds(50));
        var pid = await session.ShellPidAsync();

        IReadOnlyList<string> started;
        await using (var trace = await ProcessTrace.AttachAsync(pid, home.Combine("strace.log")))
        {
            // A new prompt (drawn through the prompt hook) and an explicit call.
            await session.PressAsync("Enter");
            await session.LineAsync("sesame_prompt");
            await session.WaitForScreenAsync("\nprod 2h05m");
            await session.LineAsync(shell == ShellName.Pwsh ? "Write-Output ('done' + '-tracing')" : "echo done'-'tracing");
            await session.WaitForScreenAsync("done-tracing");
            started = await trace.StopAsync();
        }

        Assert.Contains("[prod 2h05m]", await session.ScreenAsync(), StringComparison.Ordinal);
        Assert.True(started.Count == 0, $"the prompt started processes:\n{string.Join('\n', started)}");

        // The same trace does see a process when one starts, so the empty list above means something.
        await using (var control = await ProcessTrace.AttachAsync(pid, home.Combine("strace-control.log")))
        {
            await session.RunAsync(shell == ShellName.Pwsh ? "& /bin/true" : "command true; /bin/true");
            Assert.Contains(await control.StopAsync(), line => line.Contains("execve(", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Prompt_shows_exported_credentials_and_their_expiry_when_they_shadow_the_profile(ShellName shell)
    {
        using var home = new ShellHome().WithProfiles();
        await using var session = await ShellSession.StartAsync(home, shell, Startup(shell));
        await session.RunAsync("sesame use prod");
        var expiration = DateTimeOffset.UtcNow.AddMinutes(42).AddSeconds(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await session.RunAsync(SetVariables(shell, new()
        {
            ["AWS_ACCESS_KEY_ID"] = "ASIAEXPORTEDEXAMPLE",
            ["AWS_CREDENTIAL_EXPIRATION"] = expiration,
            ["SESAME_EXPORTED"] = "dev",
        }));

        Assert.Equal("dev 42m", (await session.RunAsync("sesame_prompt")).Trim());
    }

    [Theory]
    [InlineData(ShellName.Bash)]
    [InlineData(ShellName.Fish)]
    public async Task Use_without_a_profile_opens_a_filtering_picker_on_the_terminal(ShellName shell)
    {
        using var home = new ShellHome().WithProfiles();
        await using var session = await ShellSession.StartAsync(home, shell, Startup(shell));

        await session.LineAsync("sesame use");
        await session.WaitForScreenAsync("profile>");
        await session.TypeAsync("ad");
        var screen = await session.WaitForScreenAsync("1/6");
        Assert.Contains("> mfa-admin", screen, StringComparison.Ordinal);
        await session.PressAsync("Enter");
        await session.WaitUntilGoneAsync("profile>");
        Assert.Equal("mfa-admin", await session.VariableAsync("AWS_PROFILE"));

        // Esc leaves without changing anything (and the picker erases itself).
        await session.LineAsync("sesame use");
        await session.WaitForScreenAsync("profile>");
        await session.PressAsync("Down");
        await session.PressAsync("Escape");
        await session.WaitUntilGoneAsync("profile>");
        Assert.Equal("mfa-admin", await session.VariableAsync("AWS_PROFILE"));
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Use_with_login_signs_in_only_when_status_says_a_sign_in_is_needed(ShellName shell)
    {
        using var home = new ShellHome().WithProfiles().WithSamlProfile();
        // A stand-in for the program, first on PATH, that records each call and answers 'sso login' and
        // 'saml login' itself (the real sign-ins are covered by their scenarios); everything else reaches the real one.
        var calls = home.Combine("calls");
        home.WriteScript("stub/sesame", $"""
            #!/bin/sh
            echo "$*" >> '{calls}'
            case "$1 $2" in "sso login"|"saml login") echo "stub: signed in"; exit 0 ;; esac
            exec '{SesameBinary.Path}' "$@"
            """);
        home.Environment["PATH"] = home.Combine("stub") + ":" + home.Environment["PATH"];
        await using var session = await ShellSession.StartAsync(home, shell, Startup(shell));

        Assert.Contains("stub: signed in", await session.RunAsync("sesame use sso-dev --login"), StringComparison.Ordinal);
        Assert.Equal("sso-dev", await session.VariableAsync("AWS_PROFILE"));
        Assert.Contains("sso login --profile sso-dev", File.ReadAllText(calls), StringComparison.Ordinal);

        // A SAML profile whose next use needs a person (status 17): 'saml login'.
        Assert.Contains("stub: signed in", await session.RunAsync("sesame use saml-corp --login"), StringComparison.Ordinal);
        Assert.Equal("saml-corp", await session.VariableAsync("AWS_PROFILE"));
        Assert.Contains("saml login saml-corp", File.ReadAllText(calls), StringComparison.Ordinal);

        // A role whose next use needs no sign-in (status 11): switched, and no login.
        File.Delete(calls);
        Assert.DoesNotContain("signed in", await session.RunAsync("sesame use prod --login"), StringComparison.Ordinal);
        Assert.Equal("prod", await session.VariableAsync("AWS_PROFILE"));
        Assert.Equal(["shell use --shell " + (shell == ShellName.Pwsh ? "pwsh" : shell.ToString().ToLowerInvariant()) + " prod --login", "status prod"], File.ReadAllLines(calls));
    }

    [Fact]
    public async Task Use_keeps_credentials_Sesame_did_not_set_and_warns_that_they_win()
    {
        using var home = new ShellHome().WithProfiles();
        await using var session = await ShellSession.StartAsync(home, ShellName.Bash, Startup(ShellName.Bash));
        await session.RunAsync("export AWS_ACCESS_KEY_ID=AKIAOTHEREXAMPLE AWS_SECRET_ACCESS_KEY=other");

        var output = await session.RunAsync("sesame use prod");

        Assert.Contains("AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set in this shell, not by Sesame, and take precedence over AWS_PROFILE", output, StringComparison.Ordinal);
        Assert.Equal("prod", await session.VariableAsync("AWS_PROFILE"));
        Assert.Equal("AKIAOTHEREXAMPLE", await session.VariableAsync("AWS_ACCESS_KEY_ID"));
    }

    /// <summary>The start-up file each shell's docs give: the init line and a prompt that uses sesame_prompt without a subshell.</summary>
    internal static string Startup(ShellName shell) => shell switch
    {
        ShellName.Bash => """
            eval "$(sesame shell init bash)"
            PROMPT_COMMAND='sesame_prompt -v SESAME_PS1'
            PS1='[${SESAME_PS1}] \$ '
            """,
        ShellName.Zsh => """
            autoload -Uz compinit && compinit -u -d "$HOME/.zcompdump"
            eval "$(sesame shell init zsh)"
            setopt PROMPT_SUBST
            precmd() { sesame_prompt -v SESAME_PS1 }
            PS1='[${SESAME_PS1}] %# '
            """,
        ShellName.Fish => """
            sesame shell init fish | source
            function fish_prompt
                printf '[%s] > ' (sesame_prompt)
            end

            """,
        _ => """
            sesame shell init pwsh | Out-String | Invoke-Expression
            function global:prompt { "[$(sesame_prompt)] PS> " }

            """,
    };

    private static string SetVariables(ShellName shell, Dictionary<string, string> variables) => string.Join(
        "; ",
        variables.Select(p => shell switch
        {
            ShellName.Fish => $"set -gx {p.Key} '{p.Value}'",
            ShellName.Pwsh => $"$env:{p.Key} = '{p.Value}'",
            _ => $"export {p.Key}='{p.Value}'",
        }));
}
