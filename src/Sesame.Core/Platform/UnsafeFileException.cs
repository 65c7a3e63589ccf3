using Sesame.Core.Errors;

namespace Sesame.Core.Platform;

/// <summary>Why Sesame refused to read or write a file.</summary>
public enum FileRefusal
{
    /// <summary>A symbolic link where Sesame writes a secret, cache, lock or backup (never written through).</summary>
    SymbolicLink,

    /// <summary>Not a regular file: a folder, FIFO, device or socket.</summary>
    NotAFile,

    /// <summary>Larger than Sesame reads.</summary>
    TooLarge,

    /// <summary>In a folder (or below one) that other users can write.</summary>
    WritableByOthers,

    /// <summary>A folder on the way is owned by another user.</summary>
    OwnedByOthers,

    /// <summary>A folder on the way is not a folder, or cannot be created.</summary>
    NotAFolder,

    /// <summary>A path that is not usable as given (relative where it must be absolute, unexpanded <c>~</c>).</summary>
    BadPath,
}

/// <summary>
/// Sesame refused a file for safety or sanity: a symbolic link planted where a secret would be
/// written, a FIFO or device where a file is read, a folder others can write. Exit code 2: the user
/// must fix the file system or the setting; the message names the path (and the setting, when known)
/// and says what to do.
/// </summary>
public sealed class UnsafeFileException : SesameException
{
    /// <summary>Creates the error.</summary>
    /// <param name="path">The path refused.</param>
    /// <param name="refusal">Why.</param>
    /// <param name="problem">What is wrong and what to do, in words (no file content).</param>
    /// <param name="setting">The setting or variable that named the path, when known.</param>
    public UnsafeFileException(string path, FileRefusal refusal, string problem, string? setting = null)
        : base(setting is null ? $"{path}: {problem}" : $"{setting} ({path}): {problem}", ExitCodes.ConfigError)
    {
        Path = path;
        Refusal = refusal;
        Problem = problem;
        Setting = setting;
    }

    /// <summary>The path refused.</summary>
    public string Path { get; }

    /// <summary>Why.</summary>
    public FileRefusal Refusal { get; }

    /// <summary>The problem without the path.</summary>
    public string Problem { get; }

    /// <summary>The setting that named the path, when known.</summary>
    public string? Setting { get; }

    /// <summary>The same refusal, naming the setting the path came from.</summary>
    public UnsafeFileException WithSetting(string setting) => new(Path, Refusal, Problem, setting);
}
