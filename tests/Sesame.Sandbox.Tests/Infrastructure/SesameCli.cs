using Sesame.Sandbox.Clients;

namespace Sesame.Sandbox.Tests.Infrastructure;

/// <summary>Runs the built `sesame` (src/Sesame.Cli, same configuration as these tests) in a client home.</summary>
public static class SesameCli
{
    /// <summary>sesame.dll beside the CLI project's output.</summary>
    public static string Dll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sesame.slnx")))
            {
                dir = dir.Parent;
            }

            var dll = Path.Combine(dir?.FullName ?? ".", "src", "Sesame.Cli", "bin", configuration, "net10.0", "sesame.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build src/Sesame.Cli first: {dll} is missing");
        }
    }

    /// <summary>`sesame ARGS…` with the home's environment.</summary>
    public static Task<ProcessResult> RunAsync(ClientHome home, params string[] arguments) =>
        home.RunAsync("dotnet", [Dll, .. arguments]);
}
