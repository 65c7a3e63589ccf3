using Sesame.Core.Credentials;
using Sesame.Core.Platform;

namespace Sesame.Core.Mfa;

/// <summary>
/// Runs the profile's <c>mfa_process</c> (the aws-vault setting) through the shell and uses the
/// code it prints. Its standard error goes to the user, so a helper can ask for a YubiKey touch.
/// </summary>
public sealed class MfaProcessSource : IMfaCodeSourceCandidate
{
    private readonly Func<string, string?> _commandForProfile;
    private readonly IProcessRunner _processes;
    private readonly IEnvironment _environment;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the source; <paramref name="commandForProfile"/> finds a profile's <c>mfa_process</c>.</summary>
    public MfaProcessSource(Func<string, string?> commandForProfile, IProcessRunner processes, IEnvironment environment, TimeSpan? timeout = null)
    {
        _timeout = timeout ?? Shell.HelperTimeout;
        _commandForProfile = commandForProfile;
        _processes = processes;
        _environment = environment;
    }

    /// <inheritdoc />
    public bool IsInteractive => false;

    /// <inheritdoc />
    public bool Applies(string serialNumber, string profile) => _commandForProfile(profile) is not null;

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(string serialNumber, string profile) => Applies(serialNumber, profile);

    /// <inheritdoc />
    public async Task<string> GetCodeAsync(string serialNumber, string profile, int attempt, CancellationToken cancellationToken)
    {
        var command = _commandForProfile(profile)!;
        var result = await _processes.RunAsync(Shell.Command(command, _environment, _timeout), cancellationToken).ConfigureAwait(false);
        if (result.TimedOut)
        {
            throw new CredentialsException($"profile '{profile}': mfa_process did not finish within {_timeout.TotalSeconds:F0} s (SESAME_HELPER_TIMEOUT)", Errors.ExitCodes.Timeout);
        }

        if (result.ExitCode != 0)
        {
            throw new CredentialsException($"profile '{profile}': mfa_process exited with code {result.ExitCode}");
        }

        var code = result.StandardOutput.Trim();
        if (code.Length is < 6 or > 8 || !code.All(char.IsAsciiDigit))
        {
            throw new CredentialsException($"profile '{profile}': mfa_process printed something that is not a 6-digit MFA code");
        }

        return code;
    }
}

/// <summary>How helper commands from the config (<c>credential_process</c>, <c>mfa_process</c>) are run.</summary>
public static class Shell
{
    /// <summary>How long a helper may run before it is killed.</summary>
    public static readonly TimeSpan HelperTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A shell command line: <c>/bin/sh -c</c> on Unix, <c>cmd.exe /C</c> on Windows (as the Go and
    /// Rust SDKs run <c>credential_process</c>), with stderr passed through to the user, and the
    /// environment Sesame was given minus its own secrets (<see cref="HelperEnvironment.ForConfiguredHelper"/>).
    /// </summary>
    public static ProcessSpec Command(string commandLine, IEnvironment environment, TimeSpan? timeout = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in HelperEnvironment.ForConfiguredHelper(environment))
        {
            variables[name] = value;
        }

        var spec = environment.IsWindows
            ? new ProcessSpec("cmd.exe", ["/C", commandLine])
            : new ProcessSpec("/bin/sh", ["-c", commandLine]);
        return spec with { Timeout = timeout ?? HelperTimeout, Environment = variables, ReplaceEnvironment = true };
    }
}
