using System.Globalization;
using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Platform;

namespace Sesame.Core.ShellIntegration;

/// <summary>
/// The small per-profile files that let a shell prompt show how long a profile's credentials have
/// left without starting a process: <c>&lt;folder&gt;/&lt;profile&gt;</c> holds the expiry of the
/// session Sesame last cached for that profile, as Unix epoch seconds and a newline. The prompt
/// functions of <c>sesame shell init</c> read it with shell builtins (bash and zsh <c>read</c>, fish
/// <c>read</c>, PowerShell in-process .NET), so the folder rule below is repeated in those scripts
/// and must stay identical.
/// </summary>
/// <remarks>
/// The folder is <c>$XDG_RUNTIME_DIR/sesame/prompt</c> (memory-backed, private to the user, emptied
/// at logout: an expiry is meaningless after it), else <c>$XDG_CACHE_HOME/sesame/prompt</c>, else
/// <c>~/.cache/sesame/prompt</c>. The files hold no secret (a profile name and a time). Only names
/// made of letters, digits and <c>. _ - @ + = ,</c> (not starting with a dot) get a file, so a
/// profile name can never point outside the folder; others simply show no time in the prompt.
/// </remarks>
public sealed class PromptStatusFile
{
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates the accessor for the folder given by <paramref name="environment"/>.</summary>
    public PromptStatusFile(IFileSystem fileSystem, IEnvironment environment)
    {
        _fileSystem = fileSystem;
        Directory = DirectoryFor(environment);
    }

    /// <summary>The folder holding one file per profile.</summary>
    public string Directory { get; }

    /// <summary>The folder rule (see the class remarks).</summary>
    public static string DirectoryFor(IEnvironment environment)
    {
        if (!environment.IsWindows && environment.GetNonBlank("XDG_RUNTIME_DIR") is { } runtime)
        {
            return Path.Combine(runtime, "sesame", "prompt");
        }

        if (environment.GetNonBlank("XDG_CACHE_HOME") is { } cache)
        {
            return Path.Combine(cache, "sesame", "prompt");
        }

        var home = new ConfigFileLocator(environment).HomeDirectory ?? Path.GetTempPath();
        return Path.Combine(home, ".cache", "sesame", "prompt");
    }

    /// <summary>
    /// True when <paramref name="profile"/> can name a file in the folder: letters, digits and
    /// <c>. _ - @ + = ,</c>, not starting with a dot, at most 200 characters.
    /// </summary>
    public static bool IsFileSafe(string profile)
    {
        if (profile.Length is 0 or > 200 || profile[0] == '.')
        {
            return false;
        }

        foreach (var c in profile)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '@' or '+' or '=' or ','))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The file of <paramref name="profile"/>, or <c>null</c> when its name cannot be a file name.</summary>
    public string? PathOf(string profile) => IsFileSafe(profile) ? Path.Combine(Directory, profile) : null;

    /// <summary>
    /// Records that <paramref name="profile"/>'s credentials expire at <paramref name="expiration"/>.
    /// Skips the write when the file already says so. Never throws for I/O: the prompt is a
    /// convenience and must not fail a credential call.
    /// </summary>
    public void Write(string profile, DateTimeOffset expiration)
    {
        if (PathOf(profile) is not { } path)
        {
            return;
        }

        var seconds = expiration.ToUnixTimeSeconds();
        if (TryRead(profile) is { } known && known.ToUnixTimeSeconds() == seconds)
        {
            return;
        }

        try
        {
            _fileSystem.WriteAllBytesAtomic(path, Encoding.ASCII.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + "\n"));
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The recorded expiry of <paramref name="profile"/>, or <c>null</c> when there is none or it is unreadable.</summary>
    public DateTimeOffset? TryRead(string profile)
    {
        if (PathOf(profile) is not { } path)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = _fileSystem.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(bytes).TrimEnd('\n');
        return text.Length is > 0 and <= 12 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <summary>Forgets <paramref name="profile"/>'s expiry (its cached session was dropped).</summary>
    public void Remove(string profile)
    {
        if (PathOf(profile) is not { } path)
        {
            return;
        }

        try
        {
            _fileSystem.DeleteFile(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Forgets every profile's expiry (all cached sessions were dropped).</summary>
    public void RemoveAll()
    {
        foreach (var file in _fileSystem.EnumerateFiles(Directory, "*"))
        {
            if (IsFileSafe(Path.GetFileName(file)))
            {
                try
                {
                    _fileSystem.DeleteFile(file);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
