using System.Globalization;
using System.Text;
using System.Text.Json;
using Sesame.Core.Credentials;
using Sesame.Core.Json;
using Sesame.Core.Errors;
using Sesame.Core.Mfa;
using Sesame.Core.Platform;

namespace Sesame.Core.Providers;

// The credential_process contract (aws-wire-reference §5; AWS docs "Sourcing credentials with an
// external process"): the helper prints one JSON object with "Version": 1, AccessKeyId and
// SecretAccessKey, optionally SessionToken, Expiration (ISO 8601 with a zone) and AccountId.
// Unknown keys are ignored. The process's AccountId wins over the profile's aws_account_id
// (smithy-rs credential_process / credential_process_account_id_fallback).
//
// How the command runs differs between SDKs. botocore splits it with shlex and runs it without a
// shell, capturing stdout and stderr. Sesame runs it like the Go and Rust SDKs do: through
// `/bin/sh -c` (cmd.exe /C on Windows), so pipes and quoting in the cross-SDK cases work, and with
// stderr passed through, so a helper can prompt or explain itself. A command botocore accepts
// (no shell syntax) runs identically either way.

/// <summary>
/// Credentials printed by the profile's <c>credential_process</c> helper. Errors name the profile
/// and what was wrong, never the command line or the output (either may hold secrets).
/// </summary>
public sealed class CredentialProcessProvider : ICredentialProvider
{
    private readonly string _profile;
    private readonly string _commandLine;
    private readonly string? _accountIdFallback;
    private readonly IProcessRunner _processes;
    private readonly IEnvironment _environment;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the provider.</summary>
    /// <param name="profile">The profile that sets <c>credential_process</c>.</param>
    /// <param name="commandLine">The command, run through the shell.</param>
    /// <param name="accountIdFallback">The profile's <c>aws_account_id</c>, used when the output has no <c>AccountId</c>.</param>
    /// <param name="processes">Runs the helper.</param>
    /// <param name="environment">Tells which shell to use.</param>
    /// <param name="time">The clock (credentials already expired are refused).</param>
    /// <param name="timeout">How long the helper may run (default <see cref="Shell.HelperTimeout"/>).</param>
    public CredentialProcessProvider(string profile, string commandLine, string? accountIdFallback, IProcessRunner processes, IEnvironment environment, TimeProvider time, TimeSpan? timeout = null)
    {
        _timeout = timeout ?? Shell.HelperTimeout;
        _profile = profile;
        _commandLine = commandLine;
        _accountIdFallback = string.IsNullOrWhiteSpace(accountIdFallback) ? null : accountIdFallback.Trim();
        _processes = processes;
        _environment = environment;
        _time = time;
    }

    /// <inheritdoc />
    public string Name => $"credential-process {_profile}";

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var result = await _processes.RunAsync(Shell.Command(_commandLine, _environment, _timeout), cancellationToken).ConfigureAwait(false);
        if (result.TimedOut)
        {
            throw Failure($"did not finish within {_timeout.TotalSeconds:F0} s and was stopped (SESAME_HELPER_TIMEOUT)", ExitCodes.Timeout);
        }

        if (result.ExitCode != 0)
        {
            throw Failure($"exited with code {result.ExitCode} (its error output, if any, is shown above)");
        }

        return Parse(result.StandardOutput);
    }

    /// <summary>Reads the helper's output (Version 1 JSON).</summary>
    internal AwsCredentials Parse(string output)
    {
        FlatJson json;
        try
        {
            json = FlatJson.Parse(Encoding.UTF8.GetBytes(output));
        }
        catch (InvalidJsonException e)
        {
            throw Failure($"printed output that is not usable: {e.Message}; it must print a JSON object with \"Version\": 1");
        }

        var version = json.GetNumberText("Version");
        if (version is null)
        {
            throw Failure(json.Has("Version") ? "printed a \"Version\" that is not a number; the supported version is 1" : "printed no \"Version\"; the supported version is 1");
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number != 1)
        {
            throw Failure($"printed unsupported \"Version\" {version}; the supported version is 1");
        }

        var accessKeyId = Required(json, "AccessKeyId");
        var secretAccessKey = Required(json, "SecretAccessKey");
        var sessionToken = Optional(json, "SessionToken");
        DateTimeOffset? expiration = null;
        if (Optional(json, "Expiration") is { } text)
        {
            if (!Timestamps.TryParseWithZone(text, out var parsed))
            {
                throw Failure($"printed \"Expiration\" '{text}', which is not an ISO 8601 time with a zone (such as 2024-01-15T13:00:00Z)");
            }

            if (parsed <= _time.GetUtcNow())
            {
                throw Failure($"printed credentials that expired at {parsed.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}");
            }

            expiration = parsed;
        }

        var accountId = Optional(json, "AccountId") ?? _accountIdFallback;
        return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, expiration, accountId);
    }

    private string Required(FlatJson json, string key)
    {
        if (json.TypeOf(key) is not (JsonTokenType.String or JsonTokenType.None or JsonTokenType.Null))
        {
            throw Failure($"printed \"{key}\" that is not a string");
        }

        return Optional(json, key) ?? throw Failure($"printed no \"{key}\" (required)");
    }

    private static string? Optional(FlatJson json, string key)
        => json.GetString(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private CredentialsException Failure(string what, int exitCode = ExitCodes.CredentialsFailed)
        => new($"profile '{_profile}': credential_process {what}", exitCode);
}
