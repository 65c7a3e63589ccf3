using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;
using Sesame.Core.Sso;

namespace Sesame.Testing;

/// <summary>IAM Identity Center sessions and token sources for tests.</summary>
public static class SsoTestSessions
{
    /// <summary>An <c>[sso-session NAME]</c> session asked for by <paramref name="profile"/>.</summary>
    public static SsoSession Named(string name, string startUrl, string region, string profile = "")
        => new(name, startUrl, region, null, null, new SourceLocation("/home/.aws/config", 1)) { Profile = profile };

    /// <summary>A legacy profile's own session.</summary>
    public static SsoSession Legacy(string profile, string startUrl, string region)
        => new(null, startUrl, region, null, profile, new SourceLocation("/home/.aws/config", 1));

    /// <summary>
    /// The real token source over <paramref name="home"/>'s <c>~/.aws/sso/cache</c>, without a login; a
    /// refresh is refused by IAM Identity Center (<c>InvalidGrantException</c>), so only cached tokens count.
    /// </summary>
    public static RefreshingSsoTokenSource CacheOnly(string home, TimeProvider time)
        => new(
            new SsoTokenCache(new ConfigFileLocator(new TestEnvironment([new("HOME", home)])), PhysicalFileSystem.Instance),
            _ => new RefusingOidc(),
            new FileLockProvider(Path.Combine(home, ".locks"), TimeProvider.System, NullLog.Instance),
            time,
            NullLog.Instance);

    private sealed class RefusingOidc : Sesame.Core.Aws.ISsoOidcClient
    {
        public string EndpointUrl => "https://oidc.invalid";

        public Task<Sesame.Core.Aws.OidcClientRegistration> RegisterClientAsync(Sesame.Core.Aws.OidcRegisterRequest request, CancellationToken cancellationToken) => throw Refused();

        public Task<Sesame.Core.Aws.OidcDeviceAuthorization> StartDeviceAuthorizationAsync(string clientId, string clientSecret, string startUrl, CancellationToken cancellationToken) => throw Refused();

        public Task<Sesame.Core.Aws.OidcTokenResult> CreateTokenAsync(Sesame.Core.Aws.OidcTokenRequest request, CancellationToken cancellationToken) => throw Refused();

        private static AwsServiceException Refused() => new("SSO OIDC", "CreateToken", "InvalidGrantException", "refused by the test", 400, retryable: false);
    }
}
