namespace Sesame.Core.Platform;

/// <summary>
/// Whether another user could replace what Sesame keeps in a folder. A folder is safe when it and
/// every folder above it (links resolved) is owned by the user or by root and no other user can
/// write it: not writable by others unless sticky (<c>/tmp</c>: others cannot rename what is ours),
/// not writable by a group other than the user's primary group (on systems with user private groups,
/// Debian, Ubuntu, Fedora, that group is the user's alone). The same rule OpenSSH applies to
/// <c>~/.ssh</c>. Off Linux, where the owner is not known, only the permission bits are checked.
/// </summary>
public static class FolderSafety
{
    private const UnixFileMode Sticky = UnixFileMode.StickyBit;

    /// <summary>
    /// The first reason the folder is unsafe, or <c>null</c> when it is safe or does not exist yet
    /// (its existing ancestors are checked instead).
    /// </summary>
    /// <param name="folder">The folder that holds (or will hold) the file.</param>
    public static UnsafeFileException? Problem(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var existing = Path.GetFullPath(folder);
        while (Posix.Stat(existing, followLinks: true).Kind == FileKind.Missing)
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return null;
            }

            existing = parent;
        }

        var real = Posix.RealPath(existing) ?? existing;
        var user = Posix.EffectiveUserId;
        var group = Posix.EffectiveGroupId;
        for (var current = real; current is not null; current = Path.GetDirectoryName(current))
        {
            var stat = Posix.Stat(current, followLinks: true);
            if (stat.Kind == FileKind.Missing)
            {
                continue;
            }

            if (stat.Kind != FileKind.Directory)
            {
                return new UnsafeFileException(current, FileRefusal.NotAFolder, "is not a folder");
            }

            if (Describe(current, stat, user, group) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="UnsafeFileException"/> when <see cref="Problem"/> finds one.</summary>
    public static void Require(string folder)
    {
        if (Problem(folder) is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>What is wrong with one folder (not its ancestors), or <c>null</c>.</summary>
    internal static UnsafeFileException? Describe(string folder, FileStat stat, long user, long group)
    {
        var sticky = (stat.Mode & Sticky) != 0;
        if (stat.HasOwner && user >= 0 && stat.Owner != user && stat.Owner != 0)
        {
            return new UnsafeFileException(folder, FileRefusal.OwnedByOthers, $"the folder belongs to another user (uid {stat.Owner}), who could replace what Sesame keeps below it; use a folder of your own");
        }

        if ((stat.Mode & UnixFileMode.OtherWrite) != 0 && !sticky)
        {
            return new UnsafeFileException(folder, FileRefusal.WritableByOthers, $"every user can write this folder, so anyone could replace what Sesame keeps below it; run: chmod o-w '{folder}'");
        }

        if ((stat.Mode & UnixFileMode.GroupWrite) != 0 && !sticky && stat.Group >= 0 && group >= 0 && stat.Group != group)
        {
            return new UnsafeFileException(folder, FileRefusal.WritableByOthers, $"the folder's group (gid {stat.Group}) can write it, so its members could replace what Sesame keeps below it; run: chmod g-w '{folder}'");
        }

        return null;
    }
}
