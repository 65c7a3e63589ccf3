using System.Text;

namespace Sesame.Core.Config;

/// <summary>
/// A unified diff of two texts (the format of <c>diff -u</c>), for showing what an edit of a config
/// file would change. Lines are matched with patience diff (unique lines as anchors, recursing
/// between them, an exact LCS for small leftovers), which stays fast on files of tens of thousands
/// of lines and keeps section headers aligned.
/// </summary>
public static class UnifiedDiff
{
    private const long ExactLimit = 2_000_000;

    private enum Op
    {
        Equal,
        Delete,
        Insert,
    }

    /// <summary>The diff, or an empty string when the texts are equal.</summary>
    public static string Create(string before, string after, string beforeName, string afterName, int context = 3)
    {
        var a = Lines(before);
        var b = Lines(after);
        var ops = new List<(Op Op, int A, int B)>();
        Diff(a, 0, a.Length, b, 0, b.Length, ops);
        if (ops.TrueForAll(o => o.Op == Op.Equal))
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(beforeName).Append('\n').Append("+++ ").Append(afterName).Append('\n');
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Op == Op.Equal)
            {
                i++;
                continue;
            }

            // A hunk: from `context` equal lines before the change to `context` after the last change
            // that is no more than 2 × context equal lines from the next one.
            var start = Math.Max(0, i - context);
            var end = i;
            while (end < ops.Count)
            {
                if (ops[end].Op != Op.Equal)
                {
                    end++;
                    continue;
                }

                var run = end;
                while (run < ops.Count && ops[run].Op == Op.Equal)
                {
                    run++;
                }

                if (run == ops.Count || run - end > 2 * context)
                {
                    end = Math.Min(ops.Count, end + context);
                    break;
                }

                end = run;
            }

            WriteHunk(output, ops, start, end, a, b);
            i = end;
        }

        return output.ToString();
    }

    private static void WriteHunk(StringBuilder output, List<(Op Op, int A, int B)> ops, int start, int end, string[] a, string[] b)
    {
        int aStart = -1, bStart = -1, aCount = 0, bCount = 0;
        for (var k = start; k < end; k++)
        {
            var (op, ai, bi) = ops[k];
            if (op != Op.Insert)
            {
                aStart = aStart < 0 ? ai : aStart;
                aCount++;
            }

            if (op != Op.Delete)
            {
                bStart = bStart < 0 ? bi : bStart;
                bCount++;
            }
        }

        // diff -u numbers an empty range by the line before it.
        aStart = aCount == 0 ? (start < ops.Count ? ops[start].A : a.Length) : aStart + 1;
        bStart = bCount == 0 ? (start < ops.Count ? ops[start].B : b.Length) : bStart + 1;
        output.Append("@@ -").Append(aStart).Append(',').Append(aCount).Append(" +").Append(bStart).Append(',').Append(bCount).Append(" @@\n");
        for (var k = start; k < end; k++)
        {
            var (op, ai, bi) = ops[k];
            output.Append(op switch { Op.Equal => ' ', Op.Delete => '-', _ => '+' }).Append(op == Op.Insert ? b[bi] : a[ai]).Append('\n');
        }
    }

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        if (text.EndsWith('\n'))
        {
            lines = lines[..^1];
        }

        return [.. lines.Select(l => l.TrimEnd('\r'))];
    }

    private static void Diff(string[] a, int aLo, int aHi, string[] b, int bLo, int bHi, List<(Op, int, int)> ops)
    {
        var prefix = 0;
        while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] == b[bLo + prefix])
        {
            ops.Add((Op.Equal, aLo + prefix, bLo + prefix));
            prefix++;
        }

        aLo += prefix;
        bLo += prefix;
        var suffix = 0;
        while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - suffix - 1] == b[bHi - suffix - 1])
        {
            suffix++;
        }

        Middle(a, aLo, aHi - suffix, b, bLo, bHi - suffix, ops);
        for (var k = 0; k < suffix; k++)
        {
            ops.Add((Op.Equal, aHi - suffix + k, bHi - suffix + k));
        }
    }

    private static void Middle(string[] a, int aLo, int aHi, string[] b, int bLo, int bHi, List<(Op, int, int)> ops)
    {
        if (aLo == aHi || bLo == bHi)
        {
            Replace(aLo, aHi, bLo, bHi, ops);
            return;
        }

        var anchors = Anchors(a, aLo, aHi, b, bLo, bHi);
        if (anchors.Count == 0)
        {
            if ((long)(aHi - aLo) * (bHi - bLo) <= ExactLimit)
            {
                Exact(a, aLo, aHi, b, bLo, bHi, ops);
            }
            else
            {
                Replace(aLo, aHi, bLo, bHi, ops);
            }

            return;
        }

        int ai = aLo, bi = bLo;
        foreach (var (anchorA, anchorB) in anchors)
        {
            Diff(a, ai, anchorA, b, bi, anchorB, ops);
            ops.Add((Op.Equal, anchorA, anchorB));
            ai = anchorA + 1;
            bi = anchorB + 1;
        }

        Diff(a, ai, aHi, b, bi, bHi, ops);
    }

    private static void Replace(int aLo, int aHi, int bLo, int bHi, List<(Op, int, int)> ops)
    {
        for (var k = aLo; k < aHi; k++)
        {
            ops.Add((Op.Delete, k, bLo));
        }

        for (var k = bLo; k < bHi; k++)
        {
            ops.Add((Op.Insert, aHi, k));
        }
    }

    // Lines that occur exactly once on each side, paired, then the longest run increasing on both sides.
    private static List<(int A, int B)> Anchors(string[] a, int aLo, int aHi, string[] b, int bLo, int bHi)
    {
        var counts = new Dictionary<string, (int CountA, int IndexA, int CountB, int IndexB)>(StringComparer.Ordinal);
        for (var k = aLo; k < aHi; k++)
        {
            counts.TryGetValue(a[k], out var c);
            counts[a[k]] = (c.CountA + 1, k, c.CountB, c.IndexB);
        }

        for (var k = bLo; k < bHi; k++)
        {
            counts.TryGetValue(b[k], out var c);
            counts[b[k]] = (c.CountA, c.IndexA, c.CountB + 1, k);
        }

        var pairs = counts.Values.Where(c => c.CountA == 1 && c.CountB == 1).Select(c => (c.IndexA, c.IndexB)).OrderBy(p => p.IndexA).ToList();
        if (pairs.Count == 0)
        {
            return [];
        }

        // Patience sorting for the longest increasing subsequence of B indexes.
        var tails = new List<int>();
        var previous = new int[pairs.Count];
        for (var k = 0; k < pairs.Count; k++)
        {
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (pairs[tails[mid]].IndexB < pairs[k].IndexB)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            previous[k] = lo > 0 ? tails[lo - 1] : -1;
            if (lo == tails.Count)
            {
                tails.Add(k);
            }
            else
            {
                tails[lo] = k;
            }
        }

        var result = new List<(int, int)>();
        for (var k = tails[^1]; k >= 0; k = previous[k])
        {
            result.Add(pairs[k]);
        }

        result.Reverse();
        return result;
    }

    private static void Exact(string[] a, int aLo, int aHi, string[] b, int bLo, int bHi, List<(Op, int, int)> ops)
    {
        int n = aHi - aLo, m = bHi - bLo;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[aLo + i] == b[bLo + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[aLo + x] == b[bLo + y])
            {
                ops.Add((Op.Equal, aLo + x++, bLo + y++));
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                // Deletions before insertions, as diff -u prints a changed line.
                ops.Add((Op.Delete, aLo + x++, bLo + y));
            }
            else
            {
                ops.Add((Op.Insert, aLo + x, bLo + y++));
            }
        }
    }
}
