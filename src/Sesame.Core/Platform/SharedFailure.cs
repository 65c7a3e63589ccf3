using System.Globalization;
using System.Text;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;

namespace Sesame.Core.Platform;

/// <summary>
/// A failed fetch, as the lock holder leaves it for the callers that waited on the same key: when
/// it happened, the exit code and the one-line message (Sesame's messages never hold a secret). A
/// waiter that started waiting before <see cref="At"/> and reads it within the sharing window gets
/// this error instead of making one more failing call; a caller that comes later tries again. Kept
/// beside the lock as <c>&lt;key&gt;.failed</c>, 0600: <c>sesame-failure 1</c>, <c>at</c> (Unix
/// milliseconds), <c>exit</c>, <c>message</c> lines.
/// </summary>
/// <param name="At">When the fetch failed.</param>
/// <param name="ExitCode">The failure's exit code.</param>
/// <param name="Message">The failure's message (one line).</param>
public sealed record SharedFailure(DateTimeOffset At, int ExitCode, string Message)
{
    /// <summary>How long a failure is shared with callers that were already waiting.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>The largest marker file read.</summary>
    public const long MaxFileLength = 8 * 1024;

    private const string Header = "sesame-failure 1";
    private const int MaxMessageLength = 2000;

    /// <summary>The failure of <paramref name="error"/> at <paramref name="at"/>, its message kept to one line.</summary>
    public static SharedFailure From(SesameException error, DateTimeOffset at)
    {
        var message = error.Message.ReplaceLineEndings(" ");
        return new SharedFailure(at, error.ExitCode, message.Length > MaxMessageLength ? message[..MaxMessageLength] : message);
    }

    /// <summary>
    /// True when a caller that started waiting at <paramref name="waitingSince"/> should get this
    /// failure at <paramref name="now"/>: it failed after the caller began to wait, within <see cref="Window"/>.
    /// </summary>
    public bool AppliesTo(DateTimeOffset waitingSince, DateTimeOffset now) => At >= waitingSince && now - At <= Window && now >= At;

    /// <summary>The error a waiter throws.</summary>
    public CredentialsException ToException()
        => new($"{Message} (shared from a concurrent attempt that failed at {At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC; try again)", ExitCode);

    /// <summary>The marker file's bytes.</summary>
    public byte[] ToBytes()
        => Encoding.UTF8.GetBytes($"{Header}\nat {At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\nexit {ExitCode.ToString(CultureInfo.InvariantCulture)}\nmessage {Message}\n");

    /// <summary>Reads a marker file; <c>null</c> when it is not one.</summary>
    public static SharedFailure? Parse(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        long? at = null;
        int? exit = null;
        string? message = null;
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0] != Header)
        {
            return null;
        }

        foreach (var line in lines.AsSpan(1))
        {
            if (line.StartsWith("at ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                at = ms;
            }
            else if (line.StartsWith("exit ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                exit = code;
            }
            else if (line.StartsWith("message ", StringComparison.Ordinal))
            {
                message = line[8..];
            }
        }

        if (at is not { } when || when is < 0 or > 253_402_300_799_999 || exit is not { } exitCode || string.IsNullOrEmpty(message) || exitCode is <= 1 or > 255)
        {
            return null;
        }

        return new SharedFailure(DateTimeOffset.FromUnixTimeMilliseconds(when), exitCode, Platform.TerminalText.Sanitize(message)!);
    }
}
