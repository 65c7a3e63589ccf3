using System.Globalization;
using System.Xml.Linq;
using Sesame.Sandbox.Moto;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Sts;

/// <summary>
/// GetSessionToken / GetFederationToken sessions, and the AssumeRole checks (rules: STS API reference
/// GetSessionToken, GetFederationToken, AssumeRole; aws-wire-reference.md §1.2).
/// </summary>
public sealed partial class StsFront
{
    private StsOutcome MintSession(FormParameters form, SignedRequest signed, IssuedCredential? caller, CredentialKind kind)
    {
        var action = kind == CredentialKind.Session ? "GetSessionToken" : "GetFederationToken";
        // Checked after moto has authenticated the call, as AWS authenticates before it authorises.
        if (signed.SecurityToken is not null || caller is { Kind: not CredentialKind.User })
        {
            return StsOutcome.Error(AwsError.AccessDenied($"Cannot call {action} with session credentials"));
        }

        var seconds = 43200;
        if (form["DurationSeconds"] is { } requested
            && (!int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds < 900 || seconds > 129600))
        {
            return StsOutcome.Error(AwsError.Validation($"1 validation error detected: Value '{requested}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 129600"));
        }

        var name = form["Name"];
        if (kind == CredentialKind.Federated && (name is null || name.Length is < 2 or > 32))
        {
            return StsOutcome.Error(AwsError.Validation("1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length between 2 and 32"));
        }

        var mfa = false;
        if (kind == CredentialKind.Session && (form["SerialNumber"] is not null || form["TokenCode"] is not null))
        {
            if (MfaError(form, caller) is { } error)
            {
                return StsOutcome.Error(error);
            }

            if (!_directory.Mfa.TryConsume(form["SerialNumber"]!, form["TokenCode"]!))
            {
                return StsOutcome.Error(RoleTrust.MfaFailed());
            }

            mfa = true;
        }

        var user = caller!;
        var expiration = _directory.CapExpiration(_directory.Clock.GetUtcNow().AddSeconds(seconds));
        var principal = kind == CredentialKind.Session ? user.PrincipalArn : $"arn:aws:sts::{user.AccountId}:federated-user/{name}";
        var session = new IssuedCredential(CredentialMint.TemporaryKeyId(), CredentialMint.Secret(), CredentialMint.SessionToken(), kind, principal, user.AccountId, expiration)
        {
            UserName = user.UserName,
            Mfa = mfa,
        };
        _directory.Credentials.Add(session);
        var requestId = CredentialMint.RequestId();
        var credentials = StsXml.Credentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken!, expiration);
        return kind == CredentialKind.Session
            ? StsOutcome.Xml(StsXml.Success(action, requestId, credentials), requestId)
            : StsOutcome.Xml(StsXml.Success(action, requestId, credentials,
                StsXml.Element("FederatedUser", new object[] { StsXml.Element("FederatedUserId", $"{user.AccountId}:{name}"), StsXml.Element("Arn", principal) }),
                StsXml.Element("PackedPolicySize", 0)), requestId);
    }

    /// <summary>
    /// A call signed with a session the front minted: verified here (moto has never heard of the key),
    /// limited as AWS limits such sessions, then re-signed with the user's long-term key and forwarded so
    /// moto sees the right principal.
    /// </summary>
    private async Task<StsOutcome> SessionCallAsync(WireRequest request, FormParameters form, string action, SignedRequest signed,
        IssuedCredential session, CancellationToken cancellationToken)
    {
        if (signed.SecurityToken != session.SessionToken)
        {
            return StsOutcome.Error(AwsError.InvalidClientTokenId());
        }

        if (SigV4Verifier.Verify(request, signed, session.SecretAccessKey, _wallClock.GetUtcNow()) is { } signatureError)
        {
            return StsOutcome.Error(signatureError);
        }

        if (session.Expiration <= _directory.Clock.GetUtcNow())
        {
            return StsOutcome.Error(AwsError.ExpiredToken());
        }

        var federated = session.Kind == CredentialKind.Federated;
        var denied = RoleTrust.NotAuthorized(session.PrincipalArn, $"{signed.Service}:{action}", "*");
        if (signed.Service == "sts")
        {
            if (action is "GetSessionToken" or "GetFederationToken")
            {
                return StsOutcome.Error(AwsError.AccessDenied($"Cannot call {action} with session credentials"));
            }

            if (federated && action == "GetCallerIdentity")
            {
                var requestId = CredentialMint.RequestId();
                return StsOutcome.Xml(StsXml.Success(action, requestId,
                    StsXml.Element("Arn", session.PrincipalArn),
                    StsXml.Element("UserId", $"{session.AccountId}:{session.PrincipalArn.Split('/')[^1]}"),
                    StsXml.Element("Account", session.AccountId)), requestId);
            }

            // GetSessionToken credentials can call only AssumeRole and GetCallerIdentity in STS;
            // GetFederationToken credentials only GetCallerIdentity.
            if (federated || action is not ("AssumeRole" or "GetCallerIdentity"))
            {
                return StsOutcome.Error(denied);
            }
        }

        if (signed.Service == "iam" && (federated || !session.Mfa))
        {
            return StsOutcome.Error(denied);
        }

        var user = _directory.Credentials.FindUser(session.UserName!);
        if (user is null)
        {
            return StsOutcome.Error(AwsError.InvalidClientTokenId());
        }

        var (resigned, headers) = Resign(request, signed, user);
        var response = await _directory.Moto.ForwardAsync(resigned, headers, cancellationToken);
        return response.Ok && signed.Service == "sts" && action == "AssumeRole"
            ? AfterAssumeRole(form, session, callerMfa: session.Mfa, response)
            : StsOutcome.From(response);
    }

    /// <summary>
    /// The same request with header authentication by <paramref name="signer"/>: a session's calls are
    /// re-signed with the user's long-term key; pre-signed URLs with their own key.
    /// </summary>
    private (WireRequest Request, Dictionary<string, string> Headers) Resign(WireRequest request, SignedRequest signed, IssuedCredential signer)
    {
        var query = string.Join('&', request.RawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase)));
        var kept = request.Headers
            .Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var resigned = request with { RawQuery = query, Headers = kept };
        if (signed.Presigned && request.Body.Length == 0)
        {
            // A pre-signed GET becomes the POST botocore would have sent: moto verifies header-signed
            // calls only with their parameters in a form body.
            resigned = request with
            {
                Method = "POST",
                RawQuery = string.Empty,
                Body = System.Text.Encoding.UTF8.GetBytes(query),
                Headers = [.. kept.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            };
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = request.Header("Host") ?? _directory.Moto.Host,
        };
        if (resigned.Header("Content-Type") is { } contentType)
        {
            headers["Content-Type"] = contentType;
        }

        SigV4Signer.Sign(resigned.Method, resigned.RawPath, resigned.RawQuery, headers, resigned.Body, signer.AccessKeyId, signer.SecretAccessKey, signer.SessionToken,
            signed.Region, signed.Service, _wallClock.GetUtcNow());
        return (resigned, headers);
    }

    /// <summary>moto has issued the role's credentials; now the rules moto does not apply decide whether the caller gets them.</summary>
    private StsOutcome AfterAssumeRole(FormParameters form, IssuedCredential? caller, bool callerMfa, MotoResponse response)
    {
        var roleArn = form["RoleArn"] ?? string.Empty;
        var principal = caller is null ? null : RoleTrust.UserArn(caller) ?? caller.PrincipalArn;
        var role = _directory.FindRole(roleArn);
        if (role is null)
        {
            return StsOutcome.Error(RoleTrust.NotAuthorized(principal, "sts:AssumeRole", roleArn));
        }

        var callMfa = false;
        if (form["SerialNumber"] is not null || form["TokenCode"] is not null)
        {
            if (MfaError(form, caller) is { } mfaError)
            {
                return StsOutcome.Error(mfaError);
            }

            callMfa = true;
        }

        var trust = role.Trust;
        if (!RoleTrust.AdmitsCaller(trust, caller)
            || (trust.ExternalId is not null && form["ExternalId"] != trust.ExternalId)
            || (trust.RequireMfa && !callMfa && !callerMfa))
        {
            return StsOutcome.Error(RoleTrust.NotAuthorized(principal, "sts:AssumeRole", roleArn));
        }

        var chained = caller!.Kind == CredentialKind.AssumedRole || (caller.Kind == CredentialKind.Session && SessionTokenCallsAreChained);
        var (_, durationError) = RoleTrust.Duration(form["DurationSeconds"], role, chained);
        if (durationError is not null)
        {
            return StsOutcome.Error(durationError);
        }

        // The code is used up only now that everything else has passed, and atomically: of two calls
        // racing with one code, one wins.
        if (callMfa && !_directory.Mfa.TryConsume(form["SerialNumber"]!, form["TokenCode"]!))
        {
            return StsOutcome.Error(RoleTrust.MfaFailed());
        }

        var document = response.Xml();
        var issued = StsResults.ReadAssumedRole(document, roleArn);
        // AssumedRoleLifetime (AssumeRole through this front) or SandboxOptions.SessionLifetime (every session
        // the sandbox issues) shortens the expiry moto wrote; the client must see it too.
        var expiration = AssumedRoleLifetime is { } lifetime ? _directory.Clock.GetUtcNow() + lifetime : _directory.CapExpiration(issued.Expiration!.Value);
        _directory.Credentials.Add(issued with { Mfa = callMfa || callerMfa, Expiration = expiration });
        if (expiration == issued.Expiration)
        {
            return StsOutcome.From(response);
        }

        document.Descendants().First(e => e.Name.LocalName == "Expiration").Value = StsXml.Iso(expiration);
        return StsOutcome.Xml(document.ToString(SaveOptions.DisableFormatting), response.Headers.FirstOrDefault(h => h.Key.Equals("x-amzn-RequestId", StringComparison.OrdinalIgnoreCase)).Value ?? CredentialMint.RequestId());
    }

    /// <summary>SerialNumber and TokenCode must come together, name the caller's own device, and carry a valid unused code.</summary>
    private AwsError? MfaError(FormParameters form, IssuedCredential? caller)
    {
        var serial = form["SerialNumber"];
        var code = form["TokenCode"];
        if (serial is null || code is null)
        {
            return RoleTrust.MfaUnknownDevice();
        }

        var owner = _directory.Mfa.OwnerOf(serial);
        if (owner is null || caller is null || owner != RoleTrust.UserArn(caller))
        {
            return RoleTrust.MfaUnknownDevice();
        }

        return _directory.Mfa.IsValid(serial, code) ? null : RoleTrust.MfaFailed();
    }
}
