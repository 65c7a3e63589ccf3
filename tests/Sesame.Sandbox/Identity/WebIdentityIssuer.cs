using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sesame.Sandbox.Sts;
using Sesame.Sandbox.Wire;
using Directory = Sesame.Sandbox.Moto.Directory;

namespace Sesame.Sandbox.Identity;

/// <summary>
/// The sandbox's OIDC issuer (think EKS service-account tokens or GitHub Actions) and STS's
/// AssumeRoleWithWebIdentity for its tokens: signature (RS256, the issuer's key), issuer, expiry,
/// and the role's trust (audience, subject) are checked; credentials come from moto through the broker.
/// </summary>
public sealed class WebIdentityIssuer : IDisposable
{
    /// <summary>The issuer (<c>iss</c>) of every token; its host is the IAM OIDC provider's name.</summary>
    public const string IssuerUrl = "https://oidc.sesame-sandbox.test";

    /// <summary>The IAM OIDC provider name for <see cref="IssuerUrl"/>.</summary>
    public const string ProviderHost = "oidc.sesame-sandbox.test";

    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId = Guid.NewGuid().ToString("N")[..16];
    private readonly Directory _directory;

    internal WebIdentityIssuer(Directory directory) => _directory = directory;

    /// <summary>The provider ARN in <paramref name="accountId"/>.</summary>
    public static string ProviderArn(string accountId) => $"arn:aws:iam::{accountId}:oidc-provider/{ProviderHost}";

    /// <summary>A signed ID token, as a workload would find in <c>web_identity_token_file</c>.</summary>
    /// <param name="subject">The <c>sub</c> claim.</param>
    /// <param name="audience">The <c>aud</c> claim (roles check it).</param>
    /// <param name="lifetime">How long it is valid (default one hour); negative for an already-expired token.</param>
    public string IssueToken(string subject = "system:serviceaccount:default:app", string audience = "sts.amazonaws.com", TimeSpan? lifetime = null)
    {
        var now = _directory.Clock.GetUtcNow();
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        var issued = expires < now ? expires.AddMinutes(-5) : now;
        return Jwt.Sign(
            new JsonObject { ["alg"] = "RS256", ["kid"] = _keyId, ["typ"] = "JWT" },
            new JsonObject
            {
                ["iss"] = IssuerUrl,
                ["sub"] = subject,
                ["aud"] = audience,
                ["iat"] = issued.ToUnixTimeSeconds(),
                ["nbf"] = issued.ToUnixTimeSeconds(),
                ["exp"] = expires.ToUnixTimeSeconds(),
                ["jti"] = Guid.NewGuid().ToString("D"),
            },
            _key);
    }

    /// <summary>The issuer's JSON Web Key Set (served at <c>/oidc/keys</c> on the identity endpoint).</summary>
    public string Jwks()
    {
        var parameters = _key.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["alg"] = "RS256", ["use"] = "sig", ["kid"] = _keyId,
                ["n"] = Jwt.B64(parameters.Modulus!), ["e"] = Jwt.B64(parameters.Exponent!),
            }),
        }.ToJsonString();
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    internal async Task<StsOutcome> AssumeRoleAsync(FormParameters form, CancellationToken cancellationToken)
    {
        var roleArn = form["RoleArn"];
        var sessionName = form["RoleSessionName"];
        var token = form["WebIdentityToken"];
        if (roleArn is null || sessionName is null || token is null)
        {
            return StsOutcome.Error(new AwsError("MissingParameter", "RoleArn, RoleSessionName and WebIdentityToken are required.", 400));
        }

        if (Jwt.Verify(token, _key) is not var (_, claims))
        {
            return StsOutcome.Error(new AwsError("InvalidIdentityToken", "The web identity token provided is not a valid JWT signed by a trusted issuer.", 400));
        }

        var issuer = (string?)claims["iss"];
        if (issuer != IssuerUrl)
        {
            return StsOutcome.Error(new AwsError("InvalidIdentityToken", $"No OpenIDConnect provider found in your account for {issuer}", 400));
        }

        var now = _directory.Clock.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims["exp"]?.GetValue<long>() ?? 0);
        if (expires <= now)
        {
            return StsOutcome.Error(new AwsError("ExpiredTokenException",
                $"Token expired: current date/time {now.ToUnixTimeSeconds()} must be before the expiration date/time {expires.ToUnixTimeSeconds()}", 400));
        }

        var subject = (string?)claims["sub"] ?? string.Empty;
        var audience = (string?)claims["aud"] ?? string.Empty;
        var role = _directory.FindRole(roleArn);
        if (role is null || role.Trust.Kind != TrustKind.WebIdentity || role.Trust.Audience != audience
            || (role.Trust.Subject is not null && role.Trust.Subject != subject))
        {
            return StsOutcome.Error(AwsError.AccessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity"));
        }

        var (seconds, durationError) = RoleTrust.Duration(form["DurationSeconds"], role, chained: false);
        if (durationError is not null)
        {
            return StsOutcome.Error(durationError);
        }

        var (credential, assumedRoleId) = await _directory.BrokerAssumeRoleAsync(role.Arn, sessionName, seconds, mfa: false, cancellationToken);
        var requestId = CredentialMint.RequestId();
        return StsOutcome.Xml(StsXml.Success("AssumeRoleWithWebIdentity", requestId,
            StsXml.Credentials(credential.AccessKeyId, credential.SecretAccessKey, credential.SessionToken!, credential.Expiration!.Value),
            StsXml.Element("SubjectFromWebIdentityToken", subject),
            StsXml.AssumedRoleUser(assumedRoleId, credential.PrincipalArn),
            StsXml.Element("Provider", IssuerUrl),
            StsXml.Element("Audience", audience)), requestId);
    }

    internal static string Discovery(Uri identityEndpoint) => new JsonObject
    {
        ["issuer"] = IssuerUrl,
        ["jwks_uri"] = new Uri(identityEndpoint, "oidc/keys").ToString(),
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["claims_supported"] = new JsonArray("sub", "aud", "exp", "iat", "iss"),
    }.ToJsonString();
}
