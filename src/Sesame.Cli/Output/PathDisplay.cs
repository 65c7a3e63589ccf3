namespace Sesame.Cli.Output;

/// <summary>Shortens paths under the home folder to <c>~/…</c> for human-readable output.</summary>
internal static class PathDisplay
{
    public static string Shorten(string path, string? home)
    {
        if (string.IsNullOrEmpty(home))
        {
            return path;
        }

        var trimmedHome = home.TrimEnd('/', '\\');
        if (path.Length > trimmedHome.Length && path.StartsWith(trimmedHome, StringComparison.Ordinal) && path[trimmedHome.Length] is '/' or '\\')
        {
            return "~" + path[trimmedHome.Length..];
        }

        return path;
    }
}
