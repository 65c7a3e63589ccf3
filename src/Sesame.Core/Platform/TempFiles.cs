using System.Globalization;

namespace Sesame.Core.Platform;

/// <summary>
/// Names of the temporary files atomic writes go through, and the clean-up of those a killed writer
/// left behind. A name is <c>.&lt;target&gt;.&lt;writer pid&gt;.&lt;12 random hex&gt;.tmp</c> in the target's
/// folder: created with <c>O_EXCL</c> (never following a link, never reusing a file), unpredictable,
/// and telling which process wrote it. A leftover whose writer is dead and which is older than a
/// minute is removed by the next write in that folder; so is a leftover of the older form
/// <c>.&lt;target&gt;.&lt;12 hex&gt;.tmp</c> (no pid) once it is ten minutes old.
/// </summary>
public static class TempFiles
{
    /// <summary>How old a dead writer's temporary file must be before it is removed.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>How old a temporary file without a pid (older Sesame versions) must be before it is removed.</summary>
    public static readonly TimeSpan LegacyStaleAfter = TimeSpan.FromMinutes(10);

    private const string Suffix = ".tmp";
    private const int RandomHexLength = 12;
    private const int MaxTargetNameInTemp = 120;

    /// <summary>A fresh temporary file name for <paramref name="targetName"/> (a file name, not a path).</summary>
    public static string NewName(string targetName)
    {
        var name = targetName.Length > MaxTargetNameInTemp ? targetName[..MaxTargetNameInTemp] : targetName;
        // The name only has to be unlikely to collide: the file is created with O_EXCL in a folder no one
        // else can write. A non-cryptographic source, so a first write never starts OpenSSL (start-up cost).
        Span<byte> random = stackalloc byte[RandomHexLength / 2];
        Random.Shared.NextBytes(random);
        return $".{name}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Convert.ToHexStringLower(random)}{Suffix}";
    }

    /// <summary>
    /// The writer's pid encoded in a temporary file name; <c>0</c> for the older form without one;
    /// <c>null</c> when the name is not one of Sesame's temporary files.
    /// </summary>
    public static int? WriterOf(string fileName)
    {
        if (fileName.Length < 1 + RandomHexLength + Suffix.Length + 2 || fileName[0] != '.' || !fileName.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var stem = fileName.AsSpan(1, fileName.Length - 1 - Suffix.Length);
        var lastDot = stem.LastIndexOf('.');
        if (lastDot < 1 || stem.Length - lastDot - 1 != RandomHexLength || !IsHex(stem[(lastDot + 1)..]))
        {
            return null;
        }

        var rest = stem[..lastDot];
        var pidDot = rest.LastIndexOf('.');
        if (pidDot > 0 && int.TryParse(rest[(pidDot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
        {
            return pid;
        }

        return 0;
    }

    /// <summary>
    /// Removes temporary files in <paramref name="folder"/> left by writers that died (best effort:
    /// failures are ignored, a file is removed only when it is a regular file, not a link).
    /// </summary>
    /// <returns>How many were removed.</returns>
    public static int RemoveStale(string folder, DateTimeOffset now)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(folder, ".*" + Suffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        var removed = 0;
        foreach (var path in candidates)
        {
            if (WriterOf(Path.GetFileName(path)) is not { } pid || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var age = now - new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
                var stale = pid == 0 ? age > LegacyStaleAfter : age > StaleAfter && !Posix.ProcessExists(pid);
                if (stale && Posix.Stat(path, followLinks: false).Kind == FileKind.Regular)
                {
                    File.Delete(path);
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another writer may be cleaning up the same file.
            }
        }

        return removed;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
