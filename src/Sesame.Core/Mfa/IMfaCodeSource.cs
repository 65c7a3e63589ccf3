namespace Sesame.Core.Mfa;

/// <summary>Supplies the current MFA code for a device.</summary>
public interface IMfaCodeSource
{
    /// <summary>
    /// Returns a code for <paramref name="serialNumber"/>. <paramref name="attempt"/> is 1 for the
    /// first request and 2 after AWS refused the first code (a source that cannot produce a
    /// different code should throw instead of repeating itself).
    /// </summary>
    /// <param name="serialNumber">The device (<c>mfa_serial</c>).</param>
    /// <param name="profile">The profile that needs the code (for the prompt and <c>mfa_process</c>).</param>
    /// <param name="attempt">1, or 2 after a refused code.</param>
    /// <param name="cancellationToken">Cancels a prompt or helper.</param>
    Task<string> GetCodeAsync(string serialNumber, string profile, int attempt, CancellationToken cancellationToken);

    /// <summary>True when a code can be had without asking anyone (used by <c>status</c>).</summary>
    bool CanProvideWithoutInteraction(string serialNumber, string profile);
}
