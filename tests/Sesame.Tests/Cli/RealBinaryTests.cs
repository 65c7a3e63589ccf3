using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.Cli;

/// <summary>The same commands through the real executable, as users and scripts run them.</summary>
public sealed class RealBinaryTests
{
    [Fact]
    public async Task Real_executable_lists_profiles_as_json_and_fails_with_code_2_on_unknown_profile()
    {
        using var home = new TempDirectory();
        home.Write(".aws/config", SampleConfigs.Config);
        home.Write(".aws/credentials", SampleConfigs.Credentials);
        var environment = new Dictionary<string, string> { ["HOME"] = home.Path };

        var list = await SesameProcess.RunAsync(["list", "--json"], environment);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(10, JsonNode.Parse(list.StandardOutput)!.AsArray().Count);

        var explain = await SesameProcess.RunAsync(["explain", "prod"], environment);
        Assert.Equal(0, explain.ExitCode);
        SecretScan.AssertNoSecrets(explain.AllOutput, SampleConfigs.SecretKey, SampleConfigs.IgnoredSecret);

        var unknown = await SesameProcess.RunAsync(["explain", "nope"], environment);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("sesame: error: profile 'nope' not found", unknown.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unknown.StandardError, StringComparison.Ordinal);
    }
}
