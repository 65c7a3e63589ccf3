using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sesame.Sandbox.Hosting;

namespace Sesame.Sandbox.Sts;

/// <summary>One call the STS front answered (STS or any other service it forwarded to moto).</summary>
/// <param name="Time">When it arrived (sandbox clock).</param>
/// <param name="Service">Signing service from the credential scope (<c>sts</c>, <c>iam</c>, …), or <c>sts</c> when unsigned.</param>
/// <param name="Action">The <c>Action</c> parameter.</param>
/// <param name="Parameters">Every other parameter; web-identity tokens and SAML assertions are replaced by a fingerprint.</param>
/// <param name="AccessKeyId">The signing key id, or null when unsigned.</param>
/// <param name="Principal">The caller's ARN as the sandbox knows it (for GetSessionToken sessions: the IAM user), or null.</param>
/// <param name="CallerKind">What kind of key signed it, or null when unsigned or unknown.</param>
/// <param name="Status">HTTP status answered.</param>
/// <param name="ErrorCode">The error code answered, or null on success.</param>
public sealed record StsCall(
    DateTimeOffset Time,
    string Service,
    string Action,
    IReadOnlyDictionary<string, string> Parameters,
    string? AccessKeyId,
    string? Principal,
    CredentialKind? CallerKind,
    int Status,
    string? ErrorCode) : IRecordedCall
{
    /// <summary>Parameters whose values are credentials and are recorded only as a fingerprint.</summary>
    public static readonly IReadOnlySet<string> Fingerprinted = new HashSet<string>(StringComparer.Ordinal) { "WebIdentityToken", "SAMLAssertion" };

    /// <summary>
    /// How long the sandbox took to answer, from reading the request to the answer being ready, injected
    /// latency and moto's share included (so a benchmark can subtract the server's time from a client's).
    /// </summary>
    public TimeSpan ServedIn { get; init; }

    /// <summary>True when the call succeeded.</summary>
    public bool Succeeded => ErrorCode is null && Status is >= 200 and < 300;

    /// <summary>A parameter's value, or null.</summary>
    public string? this[string parameter] => Parameters.GetValueOrDefault(parameter);

    /// <summary><c>DurationSeconds</c> as a number, or null when not sent.</summary>
    public int? DurationSeconds => int.TryParse(this["DurationSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>How a credential value appears in <see cref="Parameters"/>: <c>sha256:</c> and 16 hex digits.</summary>
    public static string Fingerprint(string secret) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..16];

    /// <inheritdoc />
    public string Describe()
    {
        var parameters = string.Join(' ', Parameters.Where(p => p.Key is "RoleArn" or "SerialNumber" or "TokenCode" or "DurationSeconds" or "ExternalId" or "RoleSessionName")
            .Select(p => $"{p.Key}={p.Value}"));
        return $"{Service}:{Action} by {Principal ?? AccessKeyId ?? "(unsigned)"} -> {Status}{(ErrorCode is null ? string.Empty : " " + ErrorCode)} {parameters}".TrimEnd();
    }
}
