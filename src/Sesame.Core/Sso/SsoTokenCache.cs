using System.Security.Cryptography;
using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;

namespace Sesame.Core.Sso;

/// <summary>What reading a token cache file found.</summary>
/// <param name="Path">The file.</param>
/// <param name="Token">The token, when the file holds a usable one.</param>
/// <param name="Problem">Why the file is unusable (damaged, incomplete), or <c>null</c> when it is fine or missing.</param>
public sealed record SsoTokenFileRead(string Path, SsoTokenFile? Token, string? Problem)
{
    /// <summary>True when there is no file at all.</summary>
    public bool IsMissing => Token is null && Problem is null;
}

/// <summary>
/// The AWS CLI's IAM Identity Center token cache, <c>~/.aws/sso/cache</c> (aws-wire-reference
/// §3.4), shared with the AWS CLI and every SDK: one file per session, named by the lowercase hex
/// SHA-1 of the sso-session name (or, for legacy profiles, of the start URL). Writes are atomic
/// (temporary file and rename) and new files are 0600, so a reader never sees half a token.
/// </summary>
public sealed class SsoTokenCache
{
    private readonly ConfigFileLocator _locator;
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates the cache over the user's AWS folder.</summary>
    public SsoTokenCache(ConfigFileLocator locator, IFileSystem fileSystem)
    {
        _locator = locator;
        _fileSystem = fileSystem;
    }

    /// <summary>The cache folder.</summary>
    public string Directory => _locator.InAwsFolder("sso", "cache");

    /// <summary>The file system the cache lives on.</summary>
    public IFileSystem FileSystem => _fileSystem;

    /// <summary>The file name for a key: SHA-1 hex of its UTF-8 bytes, plus <c>.json</c>.</summary>
    public static string FileName(string cacheKey) => Sha1Hex(cacheKey) + ".json";

    /// <summary>Lowercase hex SHA-1 of a string's UTF-8 bytes.</summary>
    public static string Sha1Hex(string text)
#pragma warning disable CA5350 // SHA-1 names the file as the AWS CLI and every SDK do; it protects nothing.
        => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350

    /// <summary>The cache file for a key (session name or legacy start URL).</summary>
    public string PathFor(string cacheKey) => _locator.InAwsFolder("sso", "cache", FileName(cacheKey));

    /// <summary>Reads the token for a key; a missing file is not an error, an unreadable one is.</summary>
    public SsoTokenFileRead Read(string cacheKey) => ReadPath(PathFor(cacheKey));

    /// <summary>Reads a token file by path.</summary>
    public SsoTokenFileRead ReadPath(string path)
    {
        byte[] bytes;
        try
        {
            bytes = _fileSystem.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new SsoTokenFileRead(path, null, null);
        }
        catch (UnsafeFileException e)
        {
            throw e.WithSetting("the IAM Identity Center token cache");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsException($"cannot read the IAM Identity Center token cache {path}: {e.Message}");
        }

        try
        {
            return new SsoTokenFileRead(path, SsoTokenFile.Parse(bytes), null);
        }
        catch (SsoTokenFileException e)
        {
            return new SsoTokenFileRead(path, null, e.Message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Writes the token for a key atomically (0600 when new).</summary>
    public string Write(string cacheKey, SsoTokenFile token)
    {
        var path = PathFor(cacheKey);
        var bytes = token.ToBytes();
        try
        {
            _fileSystem.WriteAllBytesAtomic(path, bytes, FileModes.OwnerReadWrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        return path;
    }

    /// <summary>Every JSON file in the cache folder (tokens and client registrations).</summary>
    public IReadOnlyList<string> Files() => _fileSystem.EnumerateFiles(Directory, "*.json");
}
