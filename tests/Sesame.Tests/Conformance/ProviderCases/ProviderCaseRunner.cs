using Sesame.Core.Aws;
using Sesame.Core.Caching;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Engine;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Sso;
using Sesame.Testing;
using Sesame.Testing.Replay;

namespace Sesame.Tests.Conformance.ProviderCases;

/// <summary>Which part of the engine a suite runs.</summary>
public enum ProviderScope
{
    /// <summary>Only the selected profile (<c>CredentialEngine.ForProfile</c>); the environment is not a credential source.</summary>
    Profile,

    /// <summary>The whole default chain (<c>CredentialEngine.DefaultChain</c>).</summary>
    DefaultChain,
}

/// <summary>How a case ended.</summary>
public sealed record CaseOutcome(AwsCredentials? Credentials, SesameException? Error, ReplayHandler Traffic, RecordingLog Log);

/// <summary>
/// Runs one directory case against the real engine and Sesame's real AWS clients, with:
/// a <see cref="TestEnvironment"/> holding exactly <c>env.json</c>; a <see cref="RootedFileSystem"/>
/// over <c>fs/</c>; a <see cref="ReplayHandler"/> as the only network; the clock pinned to the Unix
/// epoch (README §2.4: the IMDS cases need it, and every recorded expiry and cached SSO token lies
/// after it, so no credential or token counts as expired); an in-memory credential cache; and file
/// locks in a temporary folder. credential_process commands run for real through /bin/sh.
/// </summary>
public static class ProviderCaseRunner
{
    /// <summary>The headers the smithy-rs harness checks (README §2.4).</summary>
    public static readonly IReadOnlyList<string> CheckedHeaders = ["content-type", "x-aws-ec2-metadata-token"];

    public static async Task<CaseOutcome> RunAsync(ProviderCase testCase, ProviderScope scope, int maxAttempts = 3)
    {
        var environment = new TestEnvironment(testCase.Environment);
        var fileSystem = new RootedFileSystem(testCase.FileSystemRoot);
        var replay = new ReplayHandler(
            testCase.Traffic,
            new ReplayOptions(CheckedHeaders, IgnoreTrailingSlash: testCase.Format == TrafficFormat.Kotlin));
        var log = new RecordingLog();
        var http = new AwsHttpOptions(MaxAttempts: maxAttempts, Handler: replay);
        using var locks = new TempDirectory("sesame-conformance");
        var services = new EngineServices
        {
            Environment = environment,
            FileSystem = fileSystem,
            Time = new ManualTimeProvider(DateTimeOffset.UnixEpoch),
            Processes = ProcessRunner.Instance,
            Terminal = new TestTerminal(available: false),
            Log = log,
            Sts = () => new StsClientFactory(http),
            Http = http,
            Cache = new MemoryCredentialCache(),
            Locks = new FileLockProvider(locks.Combine("locks"), TimeProvider.System, log),
            SsoTokens = new RefreshingSsoTokenSource(
                new SsoTokenCache(new ConfigFileLocator(environment), fileSystem),
                session => new SsoClientFactory(http).CreateOidc(new AwsEndpoint(session.Region, null, false, false)),
                new FileLockProvider(locks.Combine("sso-locks"), TimeProvider.System, log),
                new ManualTimeProvider(DateTimeOffset.UnixEpoch),
                log),
        };

        try
        {
            // Loading is part of resolving: a malformed file is a failed resolution (invalid_config).
            var profiles = new ConfigLoader(fileSystem, environment).Load();
            var engine = new CredentialEngine(services, profiles);
            var provider = scope == ProviderScope.Profile
                ? engine.ForProfile(new ConfigFileLocator(environment).SelectedProfile).Top
                : engine.DefaultChain();
            var credentials = await provider.GetAsync();
            return new CaseOutcome(credentials, null, replay, log);
        }
        catch (SesameException e)
        {
            return new CaseOutcome(null, e, replay, log);
        }
    }
}
