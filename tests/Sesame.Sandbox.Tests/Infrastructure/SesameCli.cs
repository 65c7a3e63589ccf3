using Sesame.Sandbox.Clients;

namespace Sesame.Sandbox.Tests.Infrastructure;

/// <summary>
/// Runs the `sesame` under test in a client home: the executable named by <c>SESAME_TEST_BINARY</c> (CI points
/// it at the installed Native AOT binary), else the built src/Sesame.Cli of the same configuration as these tests.
/// </summary>
public static class SesameCli
{
    /// <summary>sesame.dll beside the CLI project's output (the JIT build).</summary>
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

    /// <summary>The executable named by <c>SESAME_TEST_BINARY</c> (read by this test process only), or null.</summary>
    public static string? GivenBinary
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SESAME_TEST_BINARY") is not { Length: > 0 } given)
            {
                return null;
            }

            var full = Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new FileNotFoundException($"SESAME_TEST_BINARY names {full}, which does not exist; build it (scripts/install --prefix DIR) or unset SESAME_TEST_BINARY");
        }
    }

    /// <summary>`sesame ARGS…` with the home's environment.</summary>
    public static Task<ProcessResult> RunAsync(ClientHome home, params string[] arguments) =>
        GivenBinary is { } binary ? home.RunAsync(binary, arguments) : home.RunAsync("dotnet", [Dll, .. arguments]);
}
