namespace Sesame.Testing;

/// <summary>Finds the repository root and the shared conformance data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sesame.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find Sesame.slnx above " + AppContext.BaseDirectory);
    });

    /// <summary>The folder holding Sesame.slnx.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>../shared/conformance, read in place (never copied into the repository).</summary>
    public static string Conformance
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance"));
            if (!Directory.Exists(path))
            {
                throw new InvalidOperationException($"the conformance data is missing at {path}: tests read ../shared/conformance beside the repository root");
            }

            return path;
        }
    }

    public static string ConformanceFile(string relative) => Path.Combine(Conformance, relative);
}
