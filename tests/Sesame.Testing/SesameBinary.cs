namespace Sesame.Testing;

/// <summary>Finds the built <c>sesame</c> executable: next to the test assembly, or in src/Sesame.Cli's output.</summary>
public static class SesameBinary
{
    /// <summary>The apphost of the configuration the tests were built in.</summary>
    public static string Path
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
