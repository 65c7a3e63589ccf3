namespace Sesame.Testing;

/// <summary>
/// Finds the <c>sesame</c> executable under test: the one named by <c>SESAME_TEST_BINARY</c> (CI points it at
/// the installed Native AOT binary, .ci/run), else the JIT build next to the test assembly or in
/// src/Sesame.Cli's output.
/// </summary>
/// <remarks>
/// <c>SESAME_TEST_BINARY</c> is read by the test process only: the harnesses that start sesame build its
/// environment from scratch (or drop every inherited <c>SESAME_*</c> variable), so it never reaches the
/// program under test.
/// </remarks>
public static class SesameBinary
{
    /// <summary>The variable that names the executable under test (an absolute path).</summary>
    public const string Variable = "SESAME_TEST_BINARY";

    /// <summary>The executable under test.</summary>
    public static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
            {
                var full = System.IO.Path.GetFullPath(given);
                return File.Exists(full) ? full : throw new FileNotFoundException($"{Variable} names {full}, which does not exist; build it (scripts/install --prefix DIR) or unset {Variable}");
            }

            return JitPath;
        }
    }

    /// <summary>
    /// True when the executable under test is a Native AOT build (no <c>sesame.dll</c> beside it): nothing is
    /// loaded at run time, so tests that watch assemblies being opened check native libraries instead.
    /// </summary>
    public static bool IsNativeAot => !File.Exists(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "sesame.dll"));

    /// <summary>The framework-dependent apphost of the configuration the tests were built in.</summary>
    public static string JitPath
    {
        get
        {
            var name = OperatingSystem.IsWindows() ? "sesame.exe" : "sesame";
            var beside = System.IO.Path.Combine(AppContext.BaseDirectory, name);
            // A project that builds the CLI without referencing it gets the apphost copied but not sesame.dll.
            if (File.Exists(beside) && File.Exists(System.IO.Path.Combine(AppContext.BaseDirectory, "sesame.dll")))
            {
                return beside;
            }

            var configuration = AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var built = System.IO.Path.Combine(RepoPaths.RepoRoot, "src", "Sesame.Cli", "bin", configuration, "net10.0", name);
            return File.Exists(built) ? built : throw new FileNotFoundException($"the sesame executable is missing at {built}; build the solution first (dotnet build Sesame.slnx)");
        }
    }
}
