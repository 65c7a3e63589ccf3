using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Sesame.Sandbox.Hosting;
using Sesame.Sandbox.Moto;
using Sesame.Sandbox.Wire;
using Directory = Sesame.Sandbox.Moto.Directory;

namespace Sesame.Sandbox.Sts;

/// <summary>
/// The STS endpoint clients see (AWS_ENDPOINT_URL_STS; also usable for every other service as
/// AWS_ENDPOINT_URL). It forwards signed calls to moto byte for byte (moto checks the signature and the
/// identity policy), then applies the STS rules moto lacks; serves GetSessionToken / GetFederationToken
/// sessions of its own (verifying their signatures itself and re-signing their calls with the user's
/// key); answers AssumeRoleWithWebIdentity / AssumeRoleWithSAML through the broker; records every call.
/// </summary>
public sealed partial class StsFront
{
    private readonly Directory _directory;
    private readonly TimeProvider _wallClock = TimeProvider.System;

    internal StsFront(Directory directory) => _directory = directory;

    /// <summary>The endpoint URL, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Endpoint { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>Every call answered, in order.</summary>
    public CallLog<StsCall> Calls { get; } = new();

    /// <summary>Fault knobs: latency, 500, Throttling, ExpiredToken for the next N calls.</summary>
    public FaultPlan Faults { get; } = new();

    /// <summary>
    /// IAM defines role chaining as role → role, so AssumeRole with GetSessionToken credentials may ask for
    /// up to the role's maximum (the default here). aws-vault and an AWS knowledge-center note treat it
    /// as chaining too (1 hour); set this to true to get that behaviour.
    /// </summary>
    public bool SessionTokenCallsAreChained { get; set; }

    /// <summary>
    /// When set, credentials issued by AssumeRole expire this long after they are issued, whatever moto
    /// says (for tests of refreshes near expiry; real STS never issues less than 15 minutes).
    /// </summary>
    public TimeSpan? AssumedRoleLifetime { get; set; }

    internal Func<FormParameters, CancellationToken, Task<StsOutcome>>? WebIdentity { get; set; }

    internal Func<FormParameters, CancellationToken, Task<StsOutcome>>? Saml { get; set; }

    internal async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var started = Stopwatch.GetTimestamp();
        var arrived = _directory.Clock.GetUtcNow();
        var request = await WireRequest.ReadAsync(context, cancellationToken);
        var form = FormParameters.From(request);
        var action = form["Action"] ?? string.Empty;
        var signed = SigV4Verifier.Parse(request, out var parseError);
        var caller = signed is null ? null : _directory.Credentials.Find(signed.AccessKeyId);
        var outcome = await DecideAsync(request, form, action, signed, parseError, caller, cancellationToken);

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form.Pairs)
        {
            if (key is not "Action" and not "Version" && !key.StartsWith("X-Amz-", StringComparison.Ordinal))
            {
                parameters[key] = StsCall.Fingerprinted.Contains(key) ? StsCall.Fingerprint(value) : value;
            }
        }

        Calls.Add(new StsCall(arrived, signed?.Service ?? "sts", action, parameters, signed?.AccessKeyId,
            caller is null ? null : RoleTrust.UserArn(caller) ?? caller.PrincipalArn, caller?.Kind, outcome.Status, outcome.ErrorCode)
        {
            ServedIn = Stopwatch.GetElapsedTime(started),
        });

        context.Response.StatusCode = outcome.Status;
        context.Response.ContentType = outcome.ContentType;
        foreach (var (name, value) in outcome.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        await context.Response.Body.WriteAsync(outcome.Body, cancellationToken);
    }

    private async Task<StsOutcome> DecideAsync(WireRequest request, FormParameters form, string action, SignedRequest? signed,
        AwsError? parseError, IssuedCredential? caller, CancellationToken cancellationToken)
    {
        var (delay, fault) = Faults.Take(action);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (fault is { } kind)
        {
            return StsOutcome.Error(kind switch
            {
                FaultKind.ServerError => new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500),
                FaultKind.Throttling => new AwsError("Throttling", "Rate exceeded", 400),
                _ => AwsError.ExpiredToken(),
            });
        }

        if (parseError is not null)
        {
            return StsOutcome.Error(parseError);
        }

        if (signed is null)
        {
            return action switch
            {
                "AssumeRoleWithWebIdentity" when WebIdentity is not null => await WebIdentity(form, cancellationToken),
                "AssumeRoleWithSAML" when Saml is not null => await Saml(form, cancellationToken),
                _ => StsOutcome.Error(new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)),
            };
        }

        if (SigV4Verifier.SkewError(signed, _wallClock.GetUtcNow()) is { } skew)
        {
            return StsOutcome.Error(skew);
        }

        if (caller is { Kind: CredentialKind.AssumedRole, Expiration: { } roleExpiry } && roleExpiry <= _directory.Clock.GetUtcNow())
        {
            // moto keeps its own (longer) expiry; SessionLifetime shortens it here.
            return StsOutcome.Error(AwsError.ExpiredToken());
        }

        if (caller is { Kind: CredentialKind.Session or CredentialKind.Federated })
        {
            return await SessionCallAsync(request, form, action, signed, caller, cancellationToken);
        }

        MotoResponse response;
        if (signed.Presigned)
        {
            // moto reads signatures only from the Authorization header: the front verifies a pre-signed URL
            // itself (it knows every key it forwards for) and passes the call on signed with the same key.
            if (caller is null || (caller.SessionToken is not null && signed.SecurityToken != caller.SessionToken))
            {
                return StsOutcome.Error(AwsError.InvalidClientTokenId());
            }

            if (SigV4Verifier.Verify(request, signed, caller.SecretAccessKey, _wallClock.GetUtcNow()) is { } presignError)
            {
                return StsOutcome.Error(presignError);
            }

            var (resigned, headers) = Resign(request, signed, caller);
            response = await _directory.Moto.ForwardAsync(resigned, headers, cancellationToken);
        }
        else
        {
            response = await _directory.Moto.ForwardAsync(request, replace: null, cancellationToken);
        }

        if (!response.Ok)
        {
            return StsOutcome.From(response);
        }

        if (signed.Service == "iam" && action == "CreateAccessKey")
        {
            RememberCreatedKey(response, caller);
        }

        if (signed.Service != "sts")
        {
            return StsOutcome.From(response);
        }

        return action switch
        {
            "GetSessionToken" => MintSession(form, signed, caller, CredentialKind.Session),
            "GetFederationToken" => MintSession(form, signed, caller, CredentialKind.Federated),
            "AssumeRole" => AfterAssumeRole(form, caller, callerMfa: caller?.Mfa ?? false, response),
            _ => StsOutcome.From(response),
        };
    }

    /// <summary>Keys made through the front with IAM CreateAccessKey (key rotation) become known callers.</summary>
    private void RememberCreatedKey(MotoResponse response, IssuedCredential? caller)
    {
        var accountId = caller?.AccountId;
        var userName = response.Find("UserName");
        var keyId = response.Find("AccessKeyId");
        var secret = response.Find("SecretAccessKey");
        if (accountId is null || userName is null || keyId is null || secret is null)
        {
            return;
        }

        _directory.Credentials.Add(new IssuedCredential(keyId, secret, null, CredentialKind.User, $"arn:aws:iam::{accountId}:user/{userName}", accountId, null)
        {
            UserName = userName,
        });
    }
}
