namespace Sesame.Core.Platform;

/// <summary>The dotfiles policy of <see cref="PhysicalFileSystem.WriteUserFileAtomic"/>: which links to the user's config are followed.</summary>
public sealed partial class PhysicalFileSystem
{
    // The file a write of the user's own file lands in: the path itself, or the final target of a
    // link the user owns, pointing at a file the user owns (dotfile managers), never anything else.
    private static string UserFileTarget(string path)
    {
        var link = Posix.Stat(path, followLinks: false);
        if (link.Kind != FileKind.SymbolicLink)
        {
            return path;
        }

        var user = Posix.EffectiveUserId;
        if (link.HasOwner && user >= 0 && link.Owner != user)
        {
            throw new UnsafeFileException(path, FileRefusal.SymbolicLink, $"is a symbolic link owned by another user (uid {link.Owner}); Sesame follows a link to your config only when you own it: replace it with a file or a link of your own");
        }

        string target;
        try
        {
            target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException e)
        {
            throw new UnsafeFileException(path, FileRefusal.SymbolicLink, $"is a symbolic link that cannot be resolved ({e.Message})");
        }

        var final = Posix.Stat(target, followLinks: false);
        if (final.Kind is not (FileKind.Regular or FileKind.Missing))
        {
            throw new UnsafeFileException(path, FileRefusal.NotAFile, $"is a symbolic link to {target}, which is {Describe(final.Kind)}, not a file");
        }

        if (final.HasOwner && user >= 0 && final.Owner != user)
        {
            throw new UnsafeFileException(path, FileRefusal.SymbolicLink, $"is a symbolic link to {target}, which belongs to another user (uid {final.Owner}); Sesame follows a link to your config only when you own its target");
        }

        // Every link on the way must be the user's too: a link owned by someone else in the chain
        // could be re-pointed. The target's folder is checked by the caller (FolderSafety).
        var hop = path;
        for (var i = 0; i < 40; i++)
        {
            var info = new FileInfo(hop);
            if (info.LinkTarget is not { } next)
            {
                break;
            }

            var hopStat = Posix.Stat(hop, followLinks: false);
            if (hopStat.HasOwner && user >= 0 && hopStat.Owner != user)
            {
                throw new UnsafeFileException(path, FileRefusal.SymbolicLink, $"reaches its target through {hop}, a link owned by another user (uid {hopStat.Owner})");
            }

            hop = Path.GetFullPath(next, Path.GetDirectoryName(hop)!);
        }

        return target;
    }
}
