using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Mfa;
using Sesame.Core.Platform;

namespace Sesame.Core.Saml.Secrets;

/// <summary>
/// Codes for IdP adapters from the sources AWS MFA uses (Mfa/): <c>--mfa-token</c> (<see cref="FixedMfaCode"/>),
/// an <c>mfa_process</c> (<see cref="MfaProcessSource"/>), a TOTP seed stored for <see cref="SamlMfaChallenge.DeviceId"/>
/// (the engine's stored-seed source), first match wins; then the terminal, which unlike AWS MFA prompts
/// takes any passcode (RSA SecurID passcodes are a PIN and a token code, not six digits).
/// </summary>
public sealed class SamlMfaCodeChain : ISamlMfaCodeSource
{
    private readonly IReadOnlyList<IMfaCodeSourceCandidate> _sources;
    private readonly ITerminal? _terminal;
    private readonly string _profile;

    /// <summary>Creates the chain.</summary>
    /// <param name="sources">Non-interactive sources in order (pass <c>[]</c> for none).</param>
    /// <param name="terminal">The terminal to prompt on, or <c>null</c>.</param>
    /// <param name="profile">The profile signing in (for <c>mfa_process</c> and messages).</param>
    public SamlMfaCodeChain(IReadOnlyList<IMfaCodeSourceCandidate> sources, ITerminal? terminal, string profile)
    {
        _sources = sources;
        _terminal = terminal;
        _profile = profile;
    }

    /// <summary>True when a code can be had without asking anyone.</summary>
    public bool CanProvideWithoutInteraction(string deviceId) => _sources.Any(s => !s.IsInteractive && s.Applies(deviceId, _profile));

    /// <inheritdoc />
    public async Task<string> GetCodeAsync(SamlMfaChallenge challenge, int attempt, CancellationToken cancellationToken)
    {
        foreach (var source in _sources)
        {
            if (!source.IsInteractive && source.Applies(challenge.DeviceId, _profile))
            {
                return await source.GetCodeAsync(challenge.DeviceId, _profile, attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_terminal is not { IsAvailable: true } terminal)
        {
            throw new InteractionRequiredException(
                $"the identity provider asks for a {challenge.Label}, but there is no terminal to ask on (--mfa-token or the profile's mfa_process could give it without one)");
        }

        if (attempt > 1)
        {
            terminal.WriteLine("The identity provider refused that code.");
        }

        for (var tries = 0; ; tries++)
        {
            var code = terminal.ReadLine($"{challenge.Label}: ", secret: challenge.Hidden).Trim();
            if (code.Length is >= 4 and <= 64 && !code.Any(char.IsWhiteSpace))
            {
                return code;
            }

            if (tries >= 2)
            {
                throw new CredentialsException($"no {challenge.Label} entered");
            }

            terminal.WriteLine($"Enter the {challenge.Label} (4 to 64 characters, no spaces).");
        }
    }
}
