using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Sandbox;

namespace Sesame.EndToEnd.Tests;

/// <summary><c>sesame configure sso</c> in a real terminal (tmux): the console's prompts, answered by typing.</summary>
public sealed class SsoConfigureScenarioTests
{
    [Fact]
    public async Task The_wizard_in_a_terminal_writes_a_profile_that_then_works()
    {
        await using var sandbox = await global::Sesame.Sandbox.Sandbox.StartAsync(new Organisation
        {
            IdentityCenter = new IdentityCenter { Accounts = [new SsoAccount("444444444444", "solo", ["ReadOnly"])] },
        });
        sandbox.Sso.AutoApprove = "alice";
        using var home = sandbox.CreateHome(profiles: false).WithStore();
        home.WriteConfig("# mine\n[default]\nregion = us-east-1\n");
        var browser = new BrowserStandIn(home);
        browser.Follow();
        home.Set("BROWSER", browser.Script);

        await using var tmux = await Tmux.StartAsync(home, $"{SesameCli.Executable} configure sso solo");
        await tmux.WaitForAsync("SSO session name", TimeSpan.FromSeconds(60));
        await tmux.TypeLineAsync("corp");
        await tmux.WaitForAsync("SSO start URL", TimeSpan.FromSeconds(30));
        await tmux.TypeLineAsync(sandbox.Sso.StartUrl);
        await tmux.WaitForAsync("SSO region", TimeSpan.FromSeconds(30));
        await tmux.TypeLineAsync(sandbox.Sso.Region);
        await tmux.WaitForAsync("SSO registration scopes", TimeSpan.FromSeconds(30));
        await tmux.TypeLineAsync(string.Empty);
        await tmux.WaitForAsync("Default region for the profile", TimeSpan.FromSeconds(60));
        await tmux.TypeLineAsync("eu-west-1");
        var screen = await tmux.WaitForAsync("written to ~/.aws/config", TimeSpan.FromSeconds(30));

        Assert.Contains("Account: solo (444444444444), solo@example.com (the only one available)", screen, StringComparison.Ordinal);
        Assert.Equal("exit=0", await tmux.ExitStatusAsync(home, TimeSpan.FromSeconds(30)));
        Assert.Equal(
            $"# mine\n[default]\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = {sandbox.Sso.StartUrl}\nsso_region = {sandbox.Sso.Region}\nsso_registration_scopes = sso:account:access\n\n"
            + "[profile solo]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = ReadOnly\nregion = eu-west-1\n",
            File.ReadAllText(home.ConfigFile));
        var whoami = await home.RunAsync(SesameCli.Executable, ["exec", "solo", "--", AwsCli.Path, "sts", "get-caller-identity", "--query", "Arn", "--output", "text"]);
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Matches(@"^arn:aws:sts::444444444444:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{16}/alice$", whoami.Stdout.Trim());
    }
}
