using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Refresh;

namespace Sesame.Core.Runtime;

/// <summary>What <c>refresh</c> did with one written profile.</summary>
/// <param name="Section">The written profile.</param>
/// <param name="SourceProfile">The profile its credentials come from.</param>
/// <param name="State">Renewed, still fresh, or failed.</param>
/// <param name="Expiration">When the profile's credentials now expire (the file's record), if known.</param>
/// <param name="Error">Why it failed (no secrets), for <see cref="RefreshState.Failed"/>.</param>
/// <param name="ErrorCode">The exit code of the failure (docs/exit-codes.md), for <see cref="RefreshState.Failed"/>.</param>
public sealed record RefreshOutcome(string Section, string SourceProfile, RefreshState State, DateTimeOffset? Expiration, string? Error = null, int ErrorCode = 0);

/// <summary>What happened to a written profile.</summary>
public enum RefreshState
{
    /// <summary>New credentials were written.</summary>
    Renewed,

    /// <summary>Not within the refresh window: left alone.</summary>
    Fresh,

    /// <summary>Could not be renewed (the old credentials stay in the file).</summary>
    Failed,
}

/// <summary>
/// Profiles of the credentials file that Sesame writes and keeps fresh (<c>export --to-profile</c>,
/// <c>refresh</c>, <c>refresh --watch</c>; docs/servers.md): the credentials come from
/// <see cref="TemporaryCredentials"/> (never long-term keys, always with more than the refresh window
/// left when the source allows), the edits are <see cref="WrittenProfiles"/>' and go through the
/// runtime's config editor (lock, atomic save, every other byte kept). The file is the only record.
/// </summary>
public sealed class ProfileWriter
{
    /// <summary>The name of the lock that keeps <c>refresh --watch</c> to one instance per user.</summary>
    public const string WatchLock = "refresh-watch";

    private readonly SesameRuntime _runtime;
    private readonly TemporaryCredentials _credentials;

    /// <summary>Creates the writer over a runtime.</summary>
    public ProfileWriter(SesameRuntime runtime)
    {
        _runtime = runtime;
        _credentials = new TemporaryCredentials(runtime);
    }

    /// <summary>How close to expiry a written profile is renewed (and how much life written credentials get when the source allows).</summary>
    public TimeSpan Window { get; init; } = RefreshSchedule.DefaultWindow;

    /// <summary>The credentials file.</summary>
    public string CredentialsPath => _runtime.Locator.CredentialsFilePath;

    /// <summary>
    /// Writes <paramref name="sourceProfile"/>'s current temporary credentials into <c>[target]</c> of the
    /// credentials file. Refuses (before getting any credentials) a target that is the source itself, is
    /// not a valid name, or exists without Sesame's marker.
    /// </summary>
    public async Task<WrittenProfile> WriteAsync(string sourceProfile, string target, CancellationToken cancellationToken)
    {
        WrittenProfiles.CheckTarget(ReadDocument(), target, sourceProfile);
        _ = _runtime.Engine.Layout(sourceProfile);
        var credentials = await _credentials.GetAsync(sourceProfile, Window, cancellationToken).ConfigureAwait(false);
        var result = await _runtime.ConfigEditor.EditAsync(ConfigFileKind.Credentials, WrittenProfiles.Write(target, sourceProfile, credentials), cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.Result;
    }

    /// <summary>Every profile Sesame wrote, as the file records it.</summary>
    public IReadOnlyList<WrittenProfile> Written() => WrittenProfiles.FindAll(ReadDocument());

    /// <summary>
    /// Renews every written profile whose <c>expiration</c> is within <see cref="Window"/> (or past, missing,
    /// unreadable), each from its source profile; one outcome per written profile, in file order. A failure
    /// (an MFA code needed with no terminal, a refused role) leaves that profile's old credentials and does
    /// not stop the others.
    /// </summary>
    public async Task<IReadOnlyList<RefreshOutcome>> RefreshAsync(CancellationToken cancellationToken)
    {
        var now = _runtime.Seams.Time.GetUtcNow();
        var outcomes = new List<RefreshOutcome>();
        foreach (var profile in Written())
        {
            if (profile.Expiration is { } at && at - now > Window)
            {
                outcomes.Add(new RefreshOutcome(profile.Section, profile.SourceProfile, RefreshState.Fresh, at));
                continue;
            }

            try
            {
                var credentials = await _credentials.GetAsync(profile.SourceProfile, Window, cancellationToken).ConfigureAwait(false);
                var written = await _runtime.ConfigEditor.EditAsync(
                    ConfigFileKind.Credentials,
                    document =>
                    {
                        // Re-checked under the lock: the section may have been removed or taken over meanwhile.
                        if (WrittenProfiles.Read(document, profile.Section) is not { } current || current.SourceProfile != profile.SourceProfile)
                        {
                            throw new ConfigException($"[{profile.Section}] changed while it was being renewed; run 'sesame refresh' again");
                        }

                        return WrittenProfiles.Write(profile.Section, profile.SourceProfile, credentials)(document);
                    },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                outcomes.Add(new RefreshOutcome(profile.Section, profile.SourceProfile, RefreshState.Renewed, written.Result.Expiration));
            }
            catch (SesameException e)
            {
                outcomes.Add(new RefreshOutcome(profile.Section, profile.SourceProfile, RefreshState.Failed, profile.Expiration, e.Message, e.ExitCode));
            }
        }

        return outcomes;
    }

    /// <summary>
    /// <c>refresh --watch</c>: renews what is due, sleeps (on the runtime's clock) until the first written
    /// profile enters the window — at least <paramref name="minimumSleep"/> (so a profile that keeps failing
    /// is retried, not spun on), at most <paramref name="maximumSleep"/> (the file may change) — and again,
    /// until cancelled. Only one runs per user: a second one fails at once with <see cref="ExitCodes.AlreadyRunning"/>.
    /// </summary>
    /// <param name="report">Called with each profile renewed or failed.</param>
    /// <param name="minimumSleep">The shortest wait between passes.</param>
    /// <param name="maximumSleep">The longest wait between passes.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public async Task WatchAsync(Action<RefreshOutcome> report, TimeSpan minimumSleep, TimeSpan maximumSleep, CancellationToken cancellationToken)
    {
        IDisposable held;
        try
        {
            held = await _runtime.Locks.AcquireAsync(WatchLock, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (SesameException e) when (e.ExitCode == ExitCodes.Timeout)
        {
            throw new SesameException("another 'sesame refresh --watch' is already keeping the written profiles fresh; this one is not needed", ExitCodes.AlreadyRunning);
        }

        using (held)
        {
            var time = _runtime.Seams.Time;
            while (true)
            {
                foreach (var outcome in await RefreshAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.State != RefreshState.Fresh)
                    {
                        report(outcome);
                    }
                }

                var now = time.GetUtcNow();
                var next = WrittenProfiles.NextCheck(Written(), now, Window, maximumSleep);
                var sleep = next - now < minimumSleep ? minimumSleep : next - now;
                await Task.Delay(sleep, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private ConfigDocument ReadDocument()
    {
        var path = CredentialsPath;
        var fileSystem = _runtime.Seams.FileSystem;
        return fileSystem.FileExists(path)
            ? ConfigDocument.Parse(path, ConfigFileKind.Credentials, fileSystem.ReadAllBytes(path))
            : ConfigDocument.CreateEmpty(ConfigFileKind.Credentials);
    }
}
