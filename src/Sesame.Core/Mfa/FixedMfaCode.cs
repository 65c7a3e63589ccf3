using Sesame.Core.Credentials;

namespace Sesame.Core.Mfa;

/// <summary>A code given on the command line (<c>--mfa-token</c>): usable once.</summary>
public sealed class FixedMfaCode : IMfaCodeSourceCandidate
{
    private readonly string _code;

    /// <summary>Creates the source.</summary>
    public FixedMfaCode(string code) => _code = code.Trim();

    /// <inheritdoc />
    public bool IsInteractive => false;

    /// <inheritdoc />
    public bool Applies(string serialNumber, string profile) => true;

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(string serialNumber, string profile) => true;

    /// <inheritdoc />
    public Task<string> GetCodeAsync(string serialNumber, string profile, int attempt, CancellationToken cancellationToken)
        => attempt == 1
            ? Task.FromResult(_code)
            : throw new CredentialsException($"AWS refused the MFA code given with --mfa-token for {serialNumber}; run again with the current code");
}
