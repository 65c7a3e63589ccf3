namespace Sesame.Testing.Replay;

/// <summary>Compares a recorded URI with a requested one the way the smithy-rs replay harness does.</summary>
public static class UriComparison
{
    /// <summary>Null when they match; otherwise what differs.</summary>
    public static string? Compare(string recorded, Uri actual, bool ignoreTrailingSlash)
    {
        var expected = new Uri(recorded);
        if (!string.Equals(expected.Scheme, actual.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return $"scheme {actual.Scheme}, recorded {expected.Scheme}";
        }

        if (!string.Equals(expected.Host, actual.Host, StringComparison.OrdinalIgnoreCase) || expected.Port != actual.Port)
        {
            return $"host {actual.Host}:{actual.Port}, recorded {expected.Host}:{expected.Port}";
        }

        var expectedPath = Path(expected, ignoreTrailingSlash);
        var actualPath = Path(actual, ignoreTrailingSlash);
        if (!string.Equals(expectedPath, actualPath, StringComparison.Ordinal))
        {
            return $"path {actual.AbsolutePath}, recorded {expected.AbsolutePath}";
        }

        var expectedQuery = Query(expected);
        var actualQuery = Query(actual);
        if (!expectedQuery.SequenceEqual(actualQuery))
        {
            return $"query {actual.Query}, recorded {expected.Query}";
        }

        return null;
    }

    private static string Path(Uri uri, bool ignoreTrailingSlash)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (path.Length == 0)
        {
            path = "/";
        }

        return ignoreTrailingSlash && path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static List<string> Query(Uri uri)
        => uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => Uri.UnescapeDataString(pair.Replace('+', ' ')))
            .Order(StringComparer.Ordinal)
            .ToList();
}
