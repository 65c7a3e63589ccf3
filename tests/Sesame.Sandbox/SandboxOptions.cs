namespace Sesame.Sandbox;

/// <summary>How to run a sandbox. Every property has a default that suits tests.</summary>
public sealed class SandboxOptions
{
    /// <summary>
    /// The sandbox's clock: TOTP steps, session, token and device-code expiry. SigV4's five-minute skew
    /// check always uses the real clock, since real clients sign with it.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The region put in client environments (clients need one with endpoint overrides).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The python3 to run moto with; default SESAME_SANDBOX_PYTHON or python3 on PATH.</summary>
    public string? Python { get; init; }

    /// <summary>Diagnostics (never secrets); null for silence.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Lifetime of SSO access tokens (CreateToken <c>expiresIn</c>); AWS's default is 8 hours.</summary>
    public TimeSpan SsoAccessTokenLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Lifetime of device codes (StartDeviceAuthorization <c>expiresIn</c>); AWS uses 10 minutes.</summary>
    public TimeSpan DeviceCodeLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Polling interval announced for device codes (AWS says 1 s).</summary>
    public TimeSpan DeviceCodeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Lifetime of client registrations (AWS: 90 days).</summary>
    public TimeSpan ClientRegistrationLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>When true (the default) IMDS answers only with a session token (IMDSv2 "required").</summary>
    public bool ImdsTokenRequired { get; init; } = true;

    /// <summary>
    /// When set, every temporary credential the sandbox hands out (AssumeRole, AssumeRoleWithWebIdentity,
    /// AssumeRoleWithSAML, GetSessionToken, GetFederationToken, IAM Identity Center role credentials,
    /// instance and container credentials) expires this long after it is issued, whatever duration was
    /// asked for, and calls signed with it afterwards get <c>ExpiredToken</c>. Shorter than AWS allows (its
    /// minimum is 15 minutes) on purpose: tests watch clients renew across an expiry in seconds.
    /// </summary>
    public TimeSpan? SessionLifetime { get; init; }

    /// <summary>Fixed ports (0 = any free port) for the STS front, the identity endpoints and the metadata endpoints.</summary>
    public (int Sts, int Identity, int Metadata) Ports { get; init; }
}
