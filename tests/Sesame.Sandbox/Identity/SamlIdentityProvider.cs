using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sesame.Sandbox.Sts;
using Sesame.Sandbox.Wire;
using Directory = Sesame.Sandbox.Moto.Directory;

namespace Sesame.Sandbox.Identity;

/// <summary>
/// An ADFS-style SAML IdP (aws-wire-reference.md §8): the IdP-initiated sign-on page with a forms login,
/// the "Working..." page carrying the SAMLResponse, a stand-in for AWS's role-picker page at the ACS, and
/// STS's AssumeRoleWithSAML for its assertions (signature, audience, expiry, role/provider pair, trust).
/// </summary>
public sealed partial class SamlIdentityProvider : IDisposable
{
    /// <summary>The IdP's entity id (the assertions' Issuer).</summary>
    public const string EntityId = "http://adfs.sesame-sandbox.test/adfs/services/trust";

    /// <summary>The path of the IdP-initiated sign-on page.</summary>
    public const string SignOnPath = "/adfs/ls/IdpInitiatedSignOn.aspx";

    private readonly Directory _directory;
    private readonly X509Certificate2 _certificate;

    internal SamlIdentityProvider(Directory directory)
    {
        _directory = directory;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=adfs.sesame-sandbox.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        _certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>The sign-on URL a user (or aws-adfs / saml2aws) starts at.</summary>
    public Uri SignOnUrl { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>The IdP's signing certificate (PEM), as IAM's SAML provider metadata would hold it.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>The SAML provider ARN for a provider name in an account.</summary>
    public static string ProviderArn(string accountId, string provider) => $"arn:aws:iam::{accountId}:saml-provider/{provider}";

    /// <summary>
    /// A signed SAMLResponse (base64) for <paramref name="user"/>, as the IdP would post it after login.
    /// </summary>
    /// <param name="user">A <see cref="Organisation.SamlUsers"/> name.</param>
    /// <param name="roleArns">Roles to offer; default: the user's roles.</param>
    /// <param name="sessionDuration">The SessionDuration attribute, if any.</param>
    /// <param name="validity">How long the assertion is valid (negative: already expired).</param>
    public string IssueAssertion(string user, IEnumerable<string>? roleArns = null, TimeSpan? sessionDuration = null, TimeSpan? validity = null)
    {
        var samlUser = _directory.Organisation.SamlUsers.FirstOrDefault(u => u.Name == user)
            ?? throw new ArgumentException($"no SAML user '{user}'; known: {string.Join(", ", _directory.Organisation.SamlUsers.Select(u => u.Name))}");
        var roles = (roleArns ?? RolesOf(samlUser)).Select(arn => _directory.FindRole(arn) ?? throw new ArgumentException($"no role {arn}"))
            .Select(r => (r.Arn, ProviderArn(r.AccountId, r.Trust.SamlProvider)));
        return SamlAssertions.Create(EntityId, user, $"{user}@example.com", roles, (int?)sessionDuration?.TotalSeconds,
            _directory.Clock.GetUtcNow(), validity ?? TimeSpan.FromMinutes(5), _certificate);
    }

    /// <inheritdoc />
    public void Dispose() => _certificate.Dispose();

    internal async Task<StsOutcome> AssumeRoleAsync(FormParameters form, CancellationToken cancellationToken)
    {
        var roleArn = form["RoleArn"];
        var principalArn = form["PrincipalArn"];
        var assertion = form["SAMLAssertion"];
        if (roleArn is null || principalArn is null || assertion is null)
        {
            return StsOutcome.Error(new AwsError("MissingParameter", "RoleArn, PrincipalArn and SAMLAssertion are required.", 400));
        }

        if (SamlAssertions.Verify(assertion, _certificate, out var problem) is not { } parsed)
        {
            return StsOutcome.Error(new AwsError("InvalidIdentityToken", problem!, 400));
        }

        if (parsed.Audience is not ("urn:amazon:webservices" or SamlAssertions.AwsAcs))
        {
            return StsOutcome.Error(new AwsError("InvalidIdentityToken", "Audience in the SAML assertion is not valid for AWS.", 400));
        }

        var now = _directory.Clock.GetUtcNow();
        if (parsed.NotOnOrAfter <= now)
        {
            return StsOutcome.Error(new AwsError("ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance", 400));
        }

        var role = _directory.FindRole(roleArn);
        if (role is null || role.Trust.Kind != TrustKind.Saml || principalArn != ProviderArn(role.AccountId, role.Trust.SamlProvider)
            || !parsed.Roles.Contains((roleArn, principalArn)))
        {
            return StsOutcome.Error(AwsError.AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML"));
        }

        if (parsed.SessionName is not { Length: >= 2 and <= 64 } sessionName)
        {
            return StsOutcome.Error(new AwsError("InvalidIdentityToken", "The SAML assertion has no valid RoleSessionName attribute.", 400));
        }

        var (seconds, durationError) = RoleTrust.Duration(form["DurationSeconds"], role, chained: false);
        if (durationError is not null)
        {
            return StsOutcome.Error(durationError);
        }

        // SessionDuration can only shorten the credentials.
        seconds = Math.Min(seconds, parsed.SessionDuration ?? int.MaxValue);
        var (credential, assumedRoleId) = await _directory.BrokerAssumeRoleAsync(role.Arn, sessionName, Math.Max(900, seconds), mfa: false, cancellationToken);
        // AWS defines NameQualifier as base64(SHA1(issuer + account id + "/" + provider name)).
#pragma warning disable CA5350
        var qualifier = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(EntityId + role.AccountId + "/" + role.Trust.SamlProvider)));
#pragma warning restore CA5350
        var requestId = CredentialMint.RequestId();
        return StsOutcome.Xml(StsXml.Success("AssumeRoleWithSAML", requestId,
            StsXml.Credentials(credential.AccessKeyId, credential.SecretAccessKey, credential.SessionToken!, credential.Expiration!.Value),
            StsXml.AssumedRoleUser(assumedRoleId, credential.PrincipalArn),
            StsXml.Element("Audience", SamlAssertions.AwsAcs),
            StsXml.Element("Issuer", parsed.Issuer),
            StsXml.Element("Subject", parsed.NameId),
            StsXml.Element("SubjectType", "persistent"),
            StsXml.Element("NameQualifier", qualifier)), requestId);
    }

    private IEnumerable<string> RolesOf(SamlUser user) =>
        user.Roles ?? _directory.Organisation.Roles.Where(r => r.Trust.Kind == TrustKind.Saml).Select(r => r.Arn);
}
