using Sesame.Core.Platform;

namespace Sesame.Tests.Servers;

public sealed class SystemBrowserTests
{
    private const string Url = "https://signin.aws.amazon.com/federation?Action=login";

    [Fact]
    public void A_command_with_percent_s_gets_the_url_there_and_one_without_gets_it_appended()
    {
        var commands = SystemBrowser.Commands("firefox --new-window %s:w3m", Url, ':');

        Assert.Equal(2, commands.Count);
        Assert.Equal("firefox", commands[0].Program);
        Assert.Equal(["--new-window", Url], commands[0].Arguments);
        Assert.Equal("w3m", commands[1].Program);
        Assert.Equal([Url], commands[1].Arguments);
    }

    [Fact]
    public void An_explicit_command_is_one_command_even_with_a_colon()
    {
        var commands = SystemBrowser.Commands("open -a Firefox:Nightly", Url, null);

        var command = Assert.Single(commands);
        Assert.Equal("open", command.Program);
        Assert.Equal(["-a", "Firefox:Nightly", Url], command.Arguments);
    }

    [Fact]
    public void An_explicit_command_or_wsl_means_a_browser_can_be_opened_without_a_display()
    {
        Assert.True(new SystemBrowser(new Sesame.Testing.TestEnvironment(), "firefox").CanOpen);
        if (OperatingSystem.IsLinux())
        {
            Assert.False(new SystemBrowser(new Sesame.Testing.TestEnvironment()).CanOpen);
            Assert.True(new SystemBrowser(new Sesame.Testing.TestEnvironment(new Dictionary<string, string> { ["WSL_DISTRO_NAME"] = "Debian" })).CanOpen);
        }
    }
}
