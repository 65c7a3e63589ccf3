using System.Diagnostics;
using System.Text.Json.Nodes;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Sandbox.Clients;
using Sesame.Testing;
using static Sesame.EndToEnd.Tests.Infrastructure.ChainOrganisation;

namespace Sesame.EndToEnd.Tests;

/// <summary>
/// The NuGet package as a .NET program uses it: packed from src/Sesame.Core, referenced from a local feed by a
/// throw-away console app, which resolves a three-role chain from MFA keys (code from a stored TOTP seed) and
/// calls STS in the sandbox — sharing the cache with the CLI.
/// </summary>
public sealed class LibraryScenarioTests(ChainSandboxFixture fixture, LibraryAppFixture appFixture) : IClassFixture<ChainSandboxFixture>, IClassFixture<LibraryAppFixture>
{
    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    [Fact]
    public async Task A_program_using_the_package_resolves_a_role_chain_with_a_stored_totp_seed_and_shares_the_cache_with_the_cli()
    {
        var app = await appFixture.AppAsync();
        {
            using var test = fixture.NewHome();
            var home = test.Home;
            var seed = await SesameCli.RunAsync(home, (IReadOnlyDictionary<string, string>?)null, Sandbox.Mfa.Seed(test.MfaSerial) + "\n", "mfa", "add", test.MfaSerial, "--stdin");
            Assert.True(seed.ExitCode == 0, seed.ToString());
            Sandbox.Sts.Calls.Clear();

            var cold = await home.RunAsync("dotnet", [app, "three"]);
            Assert.True(cold.ExitCode == 0, cold.ToString());
            Assert.Equal($"arn:aws:sts::{Ops}:assumed-role/Three/e2e", cold.Stdout.Trim());
            Assert.Equal(["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole", "GetCallerIdentity"], Sandbox.Sts.Calls.Actions);

            Sandbox.Sts.Calls.Clear();
            var warm = await home.RunAsync("dotnet", [app, "three"]);
            Assert.True(warm.ExitCode == 0, warm.ToString());
            Assert.Equal(cold.Stdout, warm.Stdout);
            var cli = await SesameCli.RunAsync(home, "credential-process", "three");
            Assert.True(cli.ExitCode == 0, cli.ToString());
            Assert.StartsWith("ASIA", JsonNode.Parse(cli.Stdout)!["AccessKeyId"]!.GetValue<string>(), StringComparison.Ordinal);

            // The second run and the CLI got the cached session: the only STS call left is the app's own GetCallerIdentity.
            Assert.Equal(["GetCallerIdentity"], Sandbox.Sts.Calls.Actions);
            SecretScan.AssertNoSecrets(cold.Stdout + cold.Stderr + warm.Stdout + warm.Stderr, Sandbox.Mfa.Seed(test.MfaSerial), home.Environment["SESAME_FILE_PASSPHRASE"]);
        }
    }

    [Fact]
    public async Task A_program_that_may_not_prompt_fails_fast_naming_the_command_to_run()
    {
        var app = await appFixture.AppAsync();
        {
            using var test = fixture.NewHome();
            var run = await test.Home.RunAsync("dotnet", [app, "one"], timeout: TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("InteractionRequiredException", run.Stderr, StringComparison.Ordinal);
            Assert.Contains($"sesame mfa add {test.MfaSerial}", run.Stderr, StringComparison.Ordinal);
            Assert.Empty(Sandbox.Sts.Calls.Actions);
        }
    }
}

/// <summary>Packs Sesame.Core once per run (a version of its own, so no cached copy is used) and builds the throw-away app against it.</summary>
public sealed class LibraryAppFixture : IDisposable
{
    private readonly TempDirectory _work = new("sesame-library");
    private readonly string _version = $"0.0.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
    private Task<string>? _app;

    /// <summary>The built app (App.dll), built on first use.</summary>
    public Task<string> AppAsync() => _app ??= BuildAppAsync(_version);

    public void Dispose()
    {
        ForgetPackage(_version);
        _work.Dispose();
    }

    private async Task<string> BuildAppAsync(string version)
    {
        var feed = _work.Combine("feed");
        await DotnetAsync(RepoPaths.RepoRoot, "pack", Path.Combine(RepoPaths.RepoRoot, "src", "Sesame.Core"), "-c", "Release", "-o", feed, $"-p:Version={version}", "--nologo");
        var project = _work.Combine("app-" + version);
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="sesame-e2e" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sesame.Core" Version="{version}" />
                <PackageReference Include="AWSSDK.SecurityToken" Version="4.0.101.9" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sesame;

            // What docs/library.md shows: a profile's credentials for any AWS SDK for .NET client.
            var credentials = SesameCredentials.ForProfile(args[0], new SesameOptions { Interaction = SesameInteraction.None });
            var config = new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_STS"),
                AuthenticationRegion = credentials.Region,
            };
            using var sts = new AmazonSecurityTokenServiceClient(credentials, config);
            var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Console.WriteLine(me.Arn);
            """);

        // Outside the repository, so its Directory.Build.props and central versions do not apply.
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />");
        await DotnetAsync(project, "build", "-c", "Release", "-o", Path.Combine(project, "out"), "--nologo");
        return Path.Combine(project, "out", "App.dll");
    }

    // The build tools run with the host's own HOME (NuGet's package cache) but none of its AWS, XDG or Sesame settings.
    private static async Task DotnetAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(ClientHome.IsCallerSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
    }

    // The package version exists only for this test: drop it from NuGet's cache.
    private static void ForgetPackage(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.Combine(cache, "sesame.core", version);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
