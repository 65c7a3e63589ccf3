using System.Text;
using System.Text.Json;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Json;
using Sesame.Core.Platform;

namespace Sesame.Core.Sso;

/// <summary>What a logout removed.</summary>
/// <param name="Tokens">Token cache files deleted.</param>
/// <param name="PortalLogouts">Sessions ended at the portal (Logout answered 200).</param>
/// <param name="CliCacheEntries">AWS CLI role-credential cache files (<c>~/.aws/cli/cache</c>) deleted.</param>
public sealed record SsoLogoutResult(int Tokens, int PortalLogouts, int CliCacheEntries);

/// <summary>One profile's role, for removing its AWS CLI cache entry.</summary>
/// <param name="AccountId">sso_account_id.</param>
/// <param name="RoleName">sso_role_name.</param>
public sealed record SsoRoleRef(string AccountId, string RoleName);

/// <summary>
/// <c>sso logout</c>, as <c>aws sso logout</c> does it (aws-wire-reference §3.4): for each token
/// file (a JSON file in <c>~/.aws/sso/cache</c> with an <c>accessToken</c>) call the portal's Logout
/// in the file's region, errors ignored, then delete the file; client registrations stay. Then
/// delete the AWS CLI's cached SSO role credentials (<c>~/.aws/cli/cache/*.json</c> with
/// <c>"ProviderType": "sso"</c>). Logging out of one session touches only its token and the CLI
/// entries of its profiles' roles (named by botocore's SSO cache key).
/// </summary>
public sealed class SsoLogout
{
    private readonly SsoTokenCache _cache;
    private readonly Func<string, ISsoPortalClient> _portal;
    private readonly ConfigFileLocator _locator;
    private readonly TimeProvider _time;
    private readonly ILog _log;

    /// <summary>Creates the logout.</summary>
    public SsoLogout(SsoTokenCache cache, Func<string, ISsoPortalClient> portal, ConfigFileLocator locator, TimeProvider time, ILog log)
    {
        _cache = cache;
        _portal = portal;
        _locator = locator;
        _time = time;
        _log = log;
    }

    /// <summary>botocore's cache key for SSO role credentials: SHA-1 of compact, sorted JSON.</summary>
    public static string CliCacheKey(string accountId, string roleName, string? sessionName, string startUrl)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("accountId", accountId);
            writer.WriteString("roleName", roleName);
            if (sessionName is null)
            {
                writer.WriteString("startUrl", startUrl);
            }
            else
            {
                writer.WriteString("sessionName", sessionName);
            }

            writer.WriteEndObject();
        }

        return SsoTokenCache.Sha1Hex(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Logs out of every cached session.</summary>
    public Task<SsoLogoutResult> LogoutAllAsync(CancellationToken cancellationToken)
        => RunAsync(_cache.Files(), null, cancellationToken);

    /// <summary>Logs out of one session; <paramref name="roles"/> are its profiles' roles (for the AWS CLI cache).</summary>
    public Task<SsoLogoutResult> LogoutAsync(SsoSession session, IEnumerable<SsoRoleRef> roles, CancellationToken cancellationToken)
        => RunAsync([_cache.PathFor(session.CacheKey)], [.. roles.Select(r => CliCacheKey(r.AccountId, r.RoleName, session.SessionName, session.StartUrl) + ".json")], cancellationToken);

    private async Task<SsoLogoutResult> RunAsync(IEnumerable<string> tokenFiles, HashSet<string>? cliFiles, CancellationToken cancellationToken)
    {
        int tokens = 0, logouts = 0;
        foreach (var path in tokenFiles)
        {
            var read = _cache.ReadPath(path);
            if (read.Token is not { } token)
            {
                continue;
            }

            if (token.ExpiresAt > _time.GetUtcNow() && token.Region is { } region)
            {
                try
                {
                    await _portal(region).LogoutAsync(token.AccessToken, cancellationToken).ConfigureAwait(false);
                    logouts++;
                }
                catch (Credentials.AwsServiceException e)
                {
                    // The AWS CLI ignores Logout errors: the local token goes either way.
                    _log.Debug($"portal Logout for {path} failed ({e.ErrorCode ?? "error"}); deleting the token anyway");
                }
            }

            _cache.FileSystem.DeleteFile(path);
            tokens++;
        }

        return new SsoLogoutResult(tokens, logouts, DeleteCliEntries(cliFiles));
    }

    private int DeleteCliEntries(HashSet<string>? names)
    {
        var fileSystem = _cache.FileSystem;
        var deleted = 0;
        foreach (var path in fileSystem.EnumerateFiles(_locator.InAwsFolder("cli", "cache"), "*.json"))
        {
            if (names is not null && !names.Contains(Path.GetFileName(path)))
            {
                continue;
            }

            try
            {
                if (FlatJson.Parse(fileSystem.ReadAllBytes(path)).GetString("ProviderType") == "sso")
                {
                    fileSystem.DeleteFile(path);
                    deleted++;
                }
            }
            catch (Exception e) when (e is InvalidJsonException or IOException or UnauthorizedAccessException)
            {
                // Unreadable entries are not ours to judge (the AWS CLI skips them too).
            }
        }

        return deleted;
    }
}
