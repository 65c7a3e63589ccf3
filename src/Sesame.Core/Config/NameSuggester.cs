namespace Sesame.Core.Config;

/// <summary>Finds the closest known name to a mistyped one ("did you mean …").</summary>
public static class NameSuggester
{
    /// <summary>
    /// The candidate with the smallest edit distance, if it is close enough to be a likely typo
    /// (at most a third of the name's length, and at least 1 and at most 3 edits), else <c>null</c>.
    /// A case-only difference always counts as close.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates, bool ignoreCase = false)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Clamp(name.Length / 3, 1, 3);
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                if (!string.Equals(candidate, name, StringComparison.Ordinal) || ignoreCase)
                {
                    return candidate;
                }

                continue;
            }

            var distance = Distance(ignoreCase ? name.ToLowerInvariant() : name, ignoreCase ? candidate.ToLowerInvariant() : candidate, limit);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    // Optimal string alignment distance (Levenshtein plus adjacent transposition), cut off early past the limit.
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return int.MaxValue;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return int.MaxValue;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
