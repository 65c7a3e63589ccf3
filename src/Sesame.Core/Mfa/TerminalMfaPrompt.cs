using Sesame.Core.Platform;

namespace Sesame.Core.Mfa;

/// <summary>Asks for the code on the controlling terminal (works inside <c>credential_process</c>, whose stdio are pipes).</summary>
public sealed class TerminalMfaPrompt : IMfaCodeSourceCandidate
{
    private readonly ITerminal _terminal;

    /// <summary>Creates the source.</summary>
    public TerminalMfaPrompt(ITerminal terminal) => _terminal = terminal;

    /// <inheritdoc />
    public bool IsInteractive => true;

    /// <inheritdoc />
    public bool Applies(string serialNumber, string profile) => _terminal.IsAvailable;

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(string serialNumber, string profile) => false;

    /// <inheritdoc />
    public Task<string> GetCodeAsync(string serialNumber, string profile, int attempt, CancellationToken cancellationToken)
    {
        if (attempt > 1)
        {
            _terminal.WriteLine("AWS refused that code.");
        }

        for (var tries = 0; ; tries++)
        {
            // Read without echo, like every secret (botocore hides the code too).
            var code = _terminal.ReadLine($"Enter MFA code for {serialNumber} (profile {profile}): ", secret: true).Trim();
            if (code.Length is >= 6 and <= 8 && code.All(char.IsAsciiDigit))
            {
                return Task.FromResult(code);
            }

            if (tries >= 2)
            {
                throw new Credentials.CredentialsException($"no valid MFA code entered for {serialNumber}");
            }

            _terminal.WriteLine("An MFA code is 6 digits.");
        }
    }
}
