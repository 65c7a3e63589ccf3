using System.Globalization;
using System.Security.Cryptography;

namespace Sesame.Core.Platform;

/// <summary>
/// Names of the backups Sesame writes before it changes a file that holds secrets
/// (<c>keys import --remove-plaintext</c>): <c>&lt;file&gt;.sesame-backup-&lt;UTC time&gt;-&lt;8 random hex&gt;</c>.
/// The time sorts and tells when; the random part makes the name unguessable, so nobody can plant a
/// link or file at it in advance. Write a backup with <see cref="IFileSystem.CreateNewFile"/>, which
/// never replaces or follows anything already at the name.
/// </summary>
public static class BackupNames
{
    /// <summary>What every backup name contains after the file's own name.</summary>
    public const string Marker = ".sesame-backup-";

    /// <summary>A new backup path beside <paramref name="file"/>, for the time <paramref name="now"/>.</summary>
    public static string For(string file, DateTimeOffset now)
        => file + Marker + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>True when <paramref name="path"/> is a backup of <paramref name="file"/> by this naming (old names without the random part included).</summary>
    public static bool IsBackupOf(string path, string file)
        => path.StartsWith(file + Marker, StringComparison.Ordinal);
}
