using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Settings;

namespace Sesame.Core.Doctor;

/// <summary>What a path audited by <see cref="PermissionAudit"/> is.</summary>
public enum AuditKind
{
    /// <summary>A folder whose files other users must not be able to replace (<c>~/.aws</c>, caches, locks).</summary>
    Folder,

    /// <summary>A folder of secrets (the store, the SSO token cache): its files must not be readable by others either.</summary>
    SecretFolder,

    /// <summary>A file others must not write (<c>~/.aws/config</c>).</summary>
    File,

    /// <summary>A file of secrets (<c>~/.aws/credentials</c>): others must neither write nor read it.</summary>
    SecretFile,
}

/// <summary>A path to audit.</summary>
/// <param name="Path">The path.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="What">What it is, in words (<c>"the AWS config file"</c>).</param>
public sealed record AuditTarget(string Path, AuditKind Kind, string What);

/// <summary>One problem the audit found, with the command that fixes it.</summary>
/// <param name="Path">The file or folder.</param>
/// <param name="What">What it is, in words.</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="Fix">A shell command that fixes it.</param>
/// <param name="Refused">True when Sesame refuses to write secrets there until it is fixed (not merely a warning).</param>
public sealed record PermissionFinding(string Path, string What, string Problem, string Fix, bool Refused);

/// <summary>
/// Checks the permissions of the files and folders Sesame reads and writes: folders (and the folders
/// above them) other users can write, config files others can write, secrets others can read, links
/// Sesame would not follow. It only reads; <c>sesame doctor</c> prints the findings. Folders of
/// secrets that others can write are also refused by every write (<see cref="FolderSafety"/>).
/// </summary>
public static class PermissionAudit
{
    /// <summary>
    /// The paths Sesame uses for this environment: <c>~/.aws</c>, the config and credentials files,
    /// the SSO and CLI caches, Sesame's cache and lock folders, and the store and data folders when given.
    /// </summary>
    public static IReadOnlyList<AuditTarget> DefaultTargets(IEnvironment environment, string? storeDirectory = null, string? dataDirectory = null)
    {
        var locator = new ConfigFileLocator(environment);
        var targets = new List<AuditTarget>
        {
            new(locator.InAwsFolder(), AuditKind.Folder, "the AWS folder"),
            new(locator.ConfigFilePath, AuditKind.File, "the AWS config file"),
            new(locator.CredentialsFilePath, AuditKind.SecretFile, "the AWS credentials file"),
            new(locator.InAwsFolder("sso", "cache"), AuditKind.SecretFolder, "the IAM Identity Center token cache"),
            new(locator.InAwsFolder("cli", "cache"), AuditKind.SecretFolder, "the AWS CLI credential cache"),
        };
        try
        {
            targets.Add(new(SesamePaths.CacheDirectory(environment, locator), AuditKind.Folder, "Sesame's cache folder"));
            targets.Add(new(SesamePaths.LockDirectory(environment, locator), AuditKind.Folder, "Sesame's lock folder"));
        }
        catch (UnsafeFileException)
        {
            // A bad folder variable is reported by the commands that use it.
        }

        if (storeDirectory is not null)
        {
            targets.Add(new(storeDirectory, AuditKind.SecretFolder, "the encrypted file store"));
        }

        if (dataDirectory is not null)
        {
            targets.Add(new(dataDirectory, AuditKind.Folder, "Sesame's data folder"));
        }

        return targets;
    }

    /// <summary>Audits the targets; missing paths are skipped. Each problem is reported once.</summary>
    public static IReadOnlyList<PermissionFinding> Run(IEnumerable<AuditTarget> targets)
    {
        var findings = new List<PermissionFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (OperatingSystem.IsWindows())
        {
            return findings;
        }

        foreach (var target in targets)
        {
            var path = Path.GetFullPath(target.Path);
            var own = Posix.Stat(path, followLinks: false);
            if (own.Kind == FileKind.Missing)
            {
                continue;
            }

            var folder = target.Kind is AuditKind.Folder or AuditKind.SecretFolder ? path : Path.GetDirectoryName(path)!;
            if (FolderSafety.Problem(folder) is { } unsafeFolder)
            {
                Add(findings, seen, new PermissionFinding(
                    unsafeFolder.Path,
                    unsafeFolder.Path == folder ? Describe(target, folder) : $"a folder above {target.What}",
                    unsafeFolder.Problem,
                    FixFor(unsafeFolder),
                    Refused: target.Kind is AuditKind.SecretFolder or AuditKind.SecretFile));
            }

            switch (target.Kind)
            {
                case AuditKind.File or AuditKind.SecretFile:
                    CheckFile(findings, seen, target, path, own);
                    break;
                case AuditKind.SecretFolder when own.Kind == FileKind.Directory:
                    foreach (var file in SafeList(path))
                    {
                        CheckFile(findings, seen, target with { Kind = AuditKind.SecretFile, What = $"a file in {target.What}" }, file, Posix.Stat(file, followLinks: false));
                    }

                    break;
            }
        }

        return findings;
    }

    private static void CheckFile(List<PermissionFinding> findings, HashSet<string> seen, AuditTarget target, string path, FileStat stat)
    {
        if (stat.Kind == FileKind.SymbolicLink)
        {
            var final = Posix.Stat(path, followLinks: true);
            var user = Posix.EffectiveUserId;
            if ((stat.HasOwner && user >= 0 && stat.Owner != user) || (final.HasOwner && user >= 0 && final.Owner != user))
            {
                Add(findings, seen, new PermissionFinding(path, target.What, "is a symbolic link that you do not own, or that points at a file you do not own; Sesame will not write through it", $"ls -l '{path}'  # then replace it with a file or a link of your own", Refused: true));
            }

            if (final.Kind == FileKind.Missing)
            {
                return;
            }

            stat = final;
        }

        if (stat.Kind != FileKind.Regular)
        {
            Add(findings, seen, new PermissionFinding(path, target.What, "is not a regular file; Sesame will not read it", $"ls -l '{path}'", Refused: true));
            return;
        }

        if ((stat.Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            Add(findings, seen, new PermissionFinding(path, target.What, "other users can change this file", $"chmod go-w '{path}'", Refused: false));
        }

        if (target.Kind == AuditKind.SecretFile && (stat.Mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            Add(findings, seen, new PermissionFinding(path, target.What, "holds secrets that other users can read", $"chmod 600 '{path}'", Refused: false));
        }
    }

    private static string[] SafeList(string folder)
    {
        try
        {
            return Directory.GetFiles(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Describe(AuditTarget target, string folder)
        => target.Kind is AuditKind.Folder or AuditKind.SecretFolder ? target.What : $"the folder of {target.What} ({folder})";

    private static string FixFor(UnsafeFileException problem) => problem.Refusal switch
    {
        FileRefusal.OwnedByOthers => $"ls -ld '{problem.Path}'  # use a folder of your own (or: sudo chown $USER '{problem.Path}')",
        FileRefusal.NotAFolder => $"ls -ld '{problem.Path}'",
        _ => problem.Problem.Contains("group", StringComparison.Ordinal) ? $"chmod g-w '{problem.Path}'" : $"chmod o-w '{problem.Path}'",
    };

    private static void Add(List<PermissionFinding> findings, HashSet<string> seen, PermissionFinding finding)
    {
        if (seen.Add(finding.Path + "\n" + finding.Problem))
        {
            findings.Add(finding);
        }
    }
}
