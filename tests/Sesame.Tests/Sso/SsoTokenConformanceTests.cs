using System.Text.Json.Nodes;
using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Sso;
using Sesame.Testing;

namespace Sesame.Tests.Sso;

/// <summary>
/// The cross-SDK SSO token-provider suite (aws-sdk-kotlin sso-token-cache-behavior-tests.json, 6 cases;
/// conformance README §2.10) and smithy-rs default-token-provider-chain (3 directory cases, §2.4),
/// run through <see cref="RefreshingSsoTokenSource"/>, the token source every credential command uses.
/// </summary>
public sealed class SsoTokenConformanceTests : IDisposable
{
    private const string KotlinSuite = "aws-sdk-kotlin/extracted/sso-token-cache-behavior-tests.json";
    private const string SmithyRsSuite = "smithy-rs/aws/rust-runtime/aws-config/test-data/default-token-provider-chain";
    private readonly TempDirectory _home = new("sesame-sso-conformance");

    public void Dispose() => _home.Dispose();

    public static TheoryData<string> KotlinCases()
        => [.. Cases().Select(c => (string)c["documentation"]!)];

    public static TheoryData<string> SmithyRsCases()
        => [.. Directory.GetDirectories(RepoPaths.ConformanceFile(SmithyRsSuite)).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(KotlinCases))]
    public async Task Kotlin_sso_token_cache_case(string documentation)
    {
        var testCase = Cases().Single(c => (string)c["documentation"]! == documentation);
        var time = new ManualTimeProvider(DateTimeOffset.Parse((string)testCase["currentTime"]!, System.Globalization.CultureInfo.InvariantCulture));
        var locator = new ConfigFileLocator(new TestEnvironment([new("HOME", _home.Path)]));
        var cache = new SsoTokenCache(locator, PhysicalFileSystem.Instance);
        var file = _home.Write(Path.Combine(".aws", "sso", "cache", SsoTokenCache.FileName("test-session")), testCase["cachedToken"]!.ToJsonString());
        var oidc = new FakeOidc();
        if (testCase["refreshResponse"] is JsonObject refresh)
        {
            oidc.OnCreateToken = _ => new OidcTokenResult((string)refresh["accessToken"]!, TimeSpan.FromSeconds((int)refresh["expiresIn"]!), (string?)refresh["refreshToken"]);
        }

        var log = new RecordingLog();
        var source = new RefreshingSsoTokenSource(cache, _ => oidc, new FileLockProvider(_home.Combine("locks"), TimeProvider.System, log), time, log);

        // Start URL and region come from the profile (the session), not from the cache file (README §2.10).
        var request = new SsoSession("test-session", "https://d-123.awsapps.com/start", "us-west-2", null, null, default) { Profile = "profile" };
        if (testCase["expectedException"] is { } expected)
        {
            var error = await Assert.ThrowsAsync<SsoLoginRequiredException>(() => source.GetTokenAsync(request));
            Assert.Contains("'test-session'", error.Message, StringComparison.Ordinal);
            Assert.Contains("expired", (string)expected!, StringComparison.Ordinal);
            Assert.Contains("has expired", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, oidc.CreateTokenCalls);
            return;
        }

        var token = await source.GetTokenAsync(request);

        Assert.Equal((string)testCase["expectedToken"]!["token"]!, token.AccessToken);
        Assert.Equal(DateTimeOffset.Parse((string)testCase["expectedToken"]!["expiration"]!, System.Globalization.CultureInfo.InvariantCulture), token.ExpiresAt);
        var written = JsonNode.Parse(File.ReadAllText(file))!;
        var expectedFile = testCase["expectedTokenWriteback"] ?? testCase["cachedToken"]!;
        Assert.True(JsonNode.DeepEquals(expectedFile, written), $"cache file:\n{written.ToJsonString()}\nexpected:\n{expectedFile.ToJsonString()}");
        Assert.Equal(testCase["refreshResponse"] is null ? 0 : 1, oidc.CreateTokenCalls);
        Assert.All(oidc.TokenRequests, r => Assert.Equal(("clientid", "YSBzZWNyZXQ=", "refresh_token", "cachedrefreshtoken"), (r.ClientId, r.ClientSecret, r.GrantType, r.RefreshToken)));
    }

    [Theory]
    [MemberData(nameof(SmithyRsCases))]
    public async Task SmithyRs_default_token_chain_case(string name)
    {
        var directory = Path.Combine(RepoPaths.ConformanceFile(SmithyRsSuite), name);
        var env = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "env.json")))!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "test-case.json")))!["result"]!["Ok"]!;
        var traffic = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "http-traffic.json")))!["events"]!.AsArray();
        var environment = new TestEnvironment(env);
        var fileSystem = new RootedFileSystem(Path.Combine(directory, "fs"));
        var profiles = new ConfigLoader(fileSystem, environment).Load();
        var locator = new ConfigFileLocator(environment);

        // The bearer-token chain: the selected profile's sso-session, its token from the cache.
        var session = SsoSession.ForProfile(profiles, locator.SelectedProfile);
        var oidc = new FakeOidc();
        var log = new RecordingLog();
        var source = new RefreshingSsoTokenSource(new SsoTokenCache(locator, fileSystem), _ => oidc, new FileLockProvider(_home.Combine("locks"), TimeProvider.System, log), new ManualTimeProvider(DateTimeOffset.UnixEpoch), log);

        var token = await source.GetTokenAsync(session);

        Assert.Equal((string)expected["token"]!, token.AccessToken);
        Assert.Equal(DateTimeOffset.Parse((string)expected["expiration"]!, System.Globalization.CultureInfo.InvariantCulture), token.ExpiresAt);
        Assert.Empty(traffic);
        Assert.Equal(0, oidc.CreateTokenCalls);
        SecretScan.AssertNoSecrets(log.Text, token.AccessToken);
    }

    [Fact]
    public void The_suites_have_the_case_counts_the_readme_lists()
    {
        Assert.Equal(6, Cases().Count);
        Assert.Equal(3, SmithyRsCases().Count);
    }

    private static List<JsonObject> Cases()
        => [.. JsonNode.Parse(File.ReadAllText(RepoPaths.ConformanceFile(KotlinSuite)))!["cases"]!.AsArray().Select(c => c!.AsObject())];
}
