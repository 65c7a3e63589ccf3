using Sesame.Sandbox.Hosting;

namespace Sesame.Sandbox.Identity;

/// <summary>One step at the sandbox IdP or its AWS sign-in stand-in.</summary>
/// <param name="Time">When (sandbox clock).</param>
/// <param name="Action">
/// <c>LoginPage</c>, <c>Login</c> (password accepted), <c>LoginRefused</c>, <c>SessionReused</c> (an IdP session cookie was enough),
/// <c>MfaChallenge</c>, <c>MfaRefused</c>, <c>MfaPending</c>, <c>MfaPassed</c>, <c>Assertion</c> (a SAMLResponse issued),
/// <c>IntegratedChallenge</c> (401 Negotiate), <c>AcsPost</c> (the AWS sign-in stand-in received an assertion).
/// </param>
/// <param name="User">The user, when known.</param>
/// <param name="Detail">Non-secret detail (the adapter, the user name as typed).</param>
public sealed record SamlCall(DateTimeOffset Time, string Action, string? User, string? Detail) : IRecordedCall
{
    /// <inheritdoc />
    public string Describe() => $"{Action} {User ?? "-"}{(Detail is null ? string.Empty : " " + Detail)}";
}
