using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Json;
using Sesame.Core.Platform;

namespace Sesame.Core.Sso;

/// <summary>
/// Reads the IAM Identity Center token that <c>aws sso login</c> (or <c>sesame sso login</c>)
/// cached in <c>~/.aws/sso/cache/&lt;sha1&gt;.json</c> (aws-wire-reference §3.4): the file name is
/// the lowercase hex SHA-1 of the sso-session name, or of the start URL for legacy profiles;
/// <c>accessToken</c> and <c>expiresAt</c> are required. A missing, unreadable or expired token
/// means the user must log in (exit code 5); an expired token is never sent to the portal.
/// </summary>
public sealed class SsoCacheTokenSource : ISsoTokenSource
{
    private readonly ConfigFileLocator _locator;
    private readonly IFileSystem _fileSystem;
    private readonly TimeProvider _time;

    /// <summary>Creates the source.</summary>
    public SsoCacheTokenSource(ConfigFileLocator locator, IFileSystem fileSystem, TimeProvider time)
    {
        _locator = locator;
        _fileSystem = fileSystem;
        _time = time;
    }

    /// <summary>The cache file name for a key: SHA-1 hex of its UTF-8 bytes, plus <c>.json</c>.</summary>
    public static string FileName(string cacheKey)
#pragma warning disable CA5350 // SHA-1 names the file as the AWS CLI and every SDK do; it protects nothing.
        => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(cacheKey))) + ".json";
#pragma warning restore CA5350

    /// <summary>The cache file for a request.</summary>
    public string PathFor(SsoTokenRequest request) => _locator.InAwsFolder("sso", "cache", FileName(request.CacheKey));

    /// <inheritdoc />
    public Task<SsoToken> GetTokenAsync(SsoTokenRequest request, CancellationToken cancellationToken = default)
    {
        var path = PathFor(request);
        byte[] bytes;
        try
        {
            bytes = _fileSystem.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SsoLoginRequiredException(request, $"has no cached token (failed to read {path}: the file does not exist)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsException($"profile '{request.Profile}': cannot read the IAM Identity Center token cache {path}: {e.Message}");
        }

        FlatJson json;
        try
        {
            json = FlatJson.Parse(bytes);
        }
        catch (InvalidJsonException e)
        {
            throw new SsoLoginRequiredException(request, $"has an unreadable cached token ({path}: {e.Message})");
        }

        var accessToken = json.GetString("accessToken");
        if (string.IsNullOrEmpty(accessToken) || !Timestamps.TryParseWithZone(json.GetString("expiresAt"), out var expiresAt))
        {
            throw new SsoLoginRequiredException(request, $"has an incomplete cached token ({path} needs accessToken and expiresAt)");
        }

        if (expiresAt <= _time.GetUtcNow())
        {
            throw new SsoLoginRequiredException(request, $"has expired (the cached token expired at {expiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})");
        }

        DateTimeOffset? registrationExpiresAt = Timestamps.TryParseWithZone(json.GetString("registrationExpiresAt"), out var registration) ? registration : null;
        return Task.FromResult(new SsoToken(
            accessToken,
            expiresAt,
            json.GetString("refreshToken"),
            json.GetString("clientId"),
            json.GetString("clientSecret"),
            registrationExpiresAt,
            path));
    }
}
