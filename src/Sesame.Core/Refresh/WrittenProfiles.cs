using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Json;

namespace Sesame.Core.Refresh;

/// <summary>A credentials-file section Sesame wrote, as the file records it.</summary>
/// <param name="Section">The section's name (the profile tools read).</param>
/// <param name="SourceProfile">The profile whose credentials were written (the marker's value).</param>
/// <param name="Expiration">The <c>expiration</c> in the file, or <c>null</c> when missing or unreadable (then it is due).</param>
public sealed record WrittenProfile(string Section, string SourceProfile, DateTimeOffset? Expiration);

/// <summary>
/// Credentials written into a profile of the credentials file (<c>export --to-profile NAME</c>) and
/// kept fresh (<c>refresh</c>). The section gets <c>aws_access_key_id</c>, <c>aws_secret_access_key</c>,
/// <c>aws_session_token</c>, <c>expiration</c> (ISO 8601 UTC, which prompt tools such as starship read),
/// <c>aws_account_id</c> when known, and the marker <c>sesame_source_profile = SOURCE</c>. The marker
/// is what makes a section Sesame's: a section without it is never overwritten, and <c>refresh</c>
/// renews only marked sections. The file itself is the record — no state elsewhere. These are pure
/// edits of a <see cref="ConfigDocument"/>: every other line, comment and key is kept; the config
/// editor applies them under its lock and saves atomically.
/// </summary>
public static class WrittenProfiles
{
    /// <summary>The marker key naming the source profile.</summary>
    public const string MarkerKey = "sesame_source_profile";

    /// <summary>The expiry key.</summary>
    public const string ExpirationKey = "expiration";

    private const string AccessKeyIdKey = "aws_access_key_id";
    private const string SecretKey = "aws_secret_access_key";
    private const string SessionTokenKey = "aws_session_token";
    private const string AccountIdKey = "aws_account_id";

    /// <summary>
    /// The edit that writes <paramref name="credentials"/> into <c>[section]</c> (see <see cref="Apply"/>), in
    /// the shape <c>ConfigEditor.EditAsync(ConfigFileKind.Credentials, edit)</c> takes; it returns the
    /// section as it now stands.
    /// </summary>
    public static Func<ConfigDocument, WrittenProfile> Write(string section, string sourceProfile, AwsCredentials credentials)
        => document =>
        {
            Apply(document, section, sourceProfile, credentials);
            return Read(document, section)!;
        };

    /// <summary>
    /// Writes the credentials into <c>[section]</c> of a credentials-file document, creating the section
    /// at the end when missing. Throws <see cref="ConfigException"/> when the section exists but Sesame
    /// did not write it (no marker), when it is the source profile itself, or when a name or value cannot
    /// be written.
    /// </summary>
    public static void Apply(ConfigDocument document, string section, string sourceProfile, AwsCredentials credentials)
    {
        if (document.Kind != ConfigFileKind.Credentials)
        {
            throw new ArgumentException("credentials are written to the credentials file", nameof(document));
        }

        CheckTarget(document, section, sourceProfile);
        if (!Identifiers.IsValid(sourceProfile))
        {
            throw new ConfigException($"'{sourceProfile}' cannot be recorded as a source profile name");
        }

        try
        {
            document.SetValue(SectionKind.Profile, section, AccessKeyIdKey, credentials.AccessKeyId);
            document.SetValue(SectionKind.Profile, section, SecretKey, credentials.SecretAccessKey);
            SetOrRemove(document, section, SessionTokenKey, credentials.SessionToken);
            SetOrRemove(document, section, ExpirationKey, credentials.Expiration is { } at ? UtcTimestamp.Format(at) : null);
            SetOrRemove(document, section, AccountIdKey, credentials.AccountId);
            document.SetValue(SectionKind.Profile, section, MarkerKey, sourceProfile);
        }
        catch (ArgumentException)
        {
            // Never quote the value: it may be the secret.
            throw new ConfigException($"the credentials of '{sourceProfile}' cannot be written to [{section}]: a value has a character the credentials file cannot hold");
        }
    }

    /// <summary>
    /// Checks that <c>[section]</c> may receive written credentials: a valid name, not the source profile,
    /// and either missing or marked as Sesame's. Throws <see cref="ConfigException"/> saying what to do.
    /// </summary>
    public static void CheckTarget(ConfigDocument document, string section, string sourceProfile)
    {
        if (!Identifiers.IsValid(section))
        {
            throw new ConfigException($"'{section}' is not a valid profile name (letters, digits and _-/.%@:+)");
        }

        if (string.Equals(section, sourceProfile, StringComparison.Ordinal))
        {
            throw new ConfigException($"cannot write the credentials of '{sourceProfile}' into its own profile; pick another name, such as '{sourceProfile}-session'");
        }

        if (document.HasSection(SectionKind.Profile, section) && document.GetValue(SectionKind.Profile, section, MarkerKey) is null)
        {
            throw new ConfigException(
                $"[{section}] in the credentials file was not written by Sesame (it has no {MarkerKey}); Sesame will not overwrite it. Pick another name, or remove the section yourself");
        }
    }

    /// <summary>The section if Sesame wrote it, else <c>null</c>.</summary>
    public static WrittenProfile? Read(ConfigDocument document, string section)
    {
        if (document.GetValue(SectionKind.Profile, section, MarkerKey) is not { } source)
        {
            return null;
        }

        var text = document.GetValue(SectionKind.Profile, section, ExpirationKey);
        return new WrittenProfile(section, source.Trim(), Timestamps.TryParseWithZone(text, out var at) ? at : null);
    }

    /// <summary>Every section Sesame wrote, in file order.</summary>
    public static IReadOnlyList<WrittenProfile> FindAll(ConfigDocument document)
        => [.. document.SectionNames(SectionKind.Profile).Select(name => Read(document, name)).OfType<WrittenProfile>()];

    /// <summary>
    /// The written sections <c>refresh</c> must renew: those whose <c>expiration</c> is within
    /// <paramref name="window"/> of <paramref name="now"/>, already past, missing or unreadable.
    /// </summary>
    public static IReadOnlyList<WrittenProfile> Due(ConfigDocument document, DateTimeOffset now, TimeSpan window)
        => [.. FindAll(document).Where(p => p.Expiration is not { } at || at - now <= window)];

    /// <summary>
    /// When <c>refresh --watch</c> should look again: when the first written section enters the window,
    /// but not later than <paramref name="maxSleep"/> from now (the file may change meanwhile) and not
    /// before now.
    /// </summary>
    public static DateTimeOffset NextCheck(IEnumerable<WrittenProfile> profiles, DateTimeOffset now, TimeSpan window, TimeSpan maxSleep)
    {
        var next = now + maxSleep;
        foreach (var profile in profiles)
        {
            var due = profile.Expiration is { } at ? at - window : now;
            if (due < next)
            {
                next = due;
            }
        }

        return next < now ? now : next;
    }

    private static void SetOrRemove(ConfigDocument document, string section, string key, string? value)
    {
        if (value is null)
        {
            document.RemoveValue(SectionKind.Profile, section, key);
        }
        else
        {
            document.SetValue(SectionKind.Profile, section, key, value);
        }
    }
}
