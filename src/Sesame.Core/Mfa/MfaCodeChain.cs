using Sesame.Core.Errors;

namespace Sesame.Core.Mfa;

/// <summary>
/// Where an MFA code comes from, first match wins: <c>--mfa-token</c>, the profile's
/// <c>mfa_process</c>, a TOTP seed stored for the device, then a prompt on the controlling terminal.
/// With none of these, the request fails at once (exit 4) instead of hanging.
/// </summary>
public sealed class MfaCodeChain : IMfaCodeSource
{
    private readonly IReadOnlyList<IMfaCodeSourceCandidate> _sources;

    /// <summary>Creates the chain from sources in order of preference.</summary>
    public MfaCodeChain(IReadOnlyList<IMfaCodeSourceCandidate> sources) => _sources = sources;

    /// <inheritdoc />
    public Task<string> GetCodeAsync(string serialNumber, string profile, int attempt, CancellationToken cancellationToken)
    {
        foreach (var source in _sources)
        {
            if (source.Applies(serialNumber, profile))
            {
                return source.GetCodeAsync(serialNumber, profile, attempt, cancellationToken);
            }
        }

        throw new InteractionRequiredException(
            $"profile '{profile}' needs an MFA code for {serialNumber}, but there is no terminal to ask on; " +
            $"set mfa_process in the profile, store the device's seed with 'sesame mfa add {serialNumber}', pass --mfa-token, " +
            $"or run 'sesame whoami {profile}' in a terminal first (every program then shares the session it gets)");
    }

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(string serialNumber, string profile)
        => _sources.Any(s => s.Applies(serialNumber, profile) && !s.IsInteractive);
}

/// <summary>One way to get MFA codes, which may or may not apply to a device.</summary>
public interface IMfaCodeSourceCandidate : IMfaCodeSource
{
    /// <summary>True when this source can answer for the device and profile.</summary>
    bool Applies(string serialNumber, string profile);

    /// <summary>True when answering involves a person (a prompt).</summary>
    bool IsInteractive { get; }
}
