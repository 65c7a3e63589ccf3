using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.Servers;

/// <summary>
/// The real AWS clients of the server scenarios: botocore (<c>Python/server_probe.py</c>; python3 with
/// botocore on PATH) and the AWS SDK for .NET (<c>tests/Sesame.SdkProbe</c>, built with these tests).
/// Each speaks one command per line, one JSON line back. A missing client fails the test with how to get it.
/// </summary>
internal static class ServerClients
{
    /// <summary>The botocore probe: program and arguments.</summary>
    public static string[] Botocore => ["python3", "-u", Path.Combine(AppContext.BaseDirectory, "Python", "server_probe.py")];

    /// <summary>The AWS SDK for .NET probe: program and arguments.</summary>
    public static string[] DotnetSdk
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var probe = Path.Combine(RepoPaths.RepoRoot, "tests", "Sesame.SdkProbe", "bin", configuration, "net10.0", "Sesame.SdkProbe.dll");
            if (!File.Exists(probe))
            {
                Assert.Fail($"the AWS SDK for .NET probe is missing at {probe}; build it with `dotnet build tests/Sesame.EndToEnd.Tests` (a build dependency of these tests)");
            }

            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
                ? host
                : ExternalTools.Require("dotnet", "dotnet-sdk-10.0");
            return [dotnet, "exec", probe];
        }
    }

    /// <summary>Variables that keep the .NET muxer quiet and off the real home.</summary>
    public static IReadOnlyDictionary<string, string> DotnetQuiet { get; } = new Dictionary<string, string>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };
}
