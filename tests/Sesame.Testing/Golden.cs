using System.Runtime.CompilerServices;

namespace Sesame.Testing;

/// <summary>
/// Golden-file assertions: compares text with <c>Golden/&lt;name&gt;.expected.txt</c> beside the
/// calling test file. Run the tests with <c>UPDATE_GOLDEN=1</c> to rewrite the files, then review the diff.
/// </summary>
public static class Golden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden", name + ".expected.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        if (!File.Exists(path))
        {
            throw new Xunit.Sdk.XunitException($"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it, then review it");
        }

        var expected = File.ReadAllText(path);
        Xunit.Assert.Equal(expected, actual);
    }
}
