using Sesame.Core.Aws;
using Sesame.Core.Credentials;

namespace Sesame.Core.Saml;

/// <summary>Credentials for a role of an assertion.</summary>
/// <param name="Credentials">The temporary credentials.</param>
/// <param name="AssumedRoleArn">The assumed-role ARN STS answered, when it did.</param>
/// <param name="Role">The role and provider used.</param>
/// <param name="DurationSeconds">The DurationSeconds that succeeded.</param>
/// <param name="DurationReduced">True when STS refused the first duration and a shorter one was used.</param>
public sealed record SamlRoleCredentials(AwsCredentials Credentials, string? AssumedRoleArn, SamlRole Role, int DurationSeconds, bool DurationReduced)
{
    /// <inheritdoc />
    public override string ToString() => $"SamlRoleCredentials {{ {Role.RoleArn}, {DurationSeconds}s, {Credentials} }}";
}

/// <summary>
/// The session length rule of AssumeRoleWithSAML (aws-wire-reference.md §1.6, §8.2): 900–43200 seconds,
/// capped by the role's MaxSessionDuration (which only STS knows) and by the assertion's SessionDuration;
/// asked for nothing, the assertion's SessionDuration is used, else AWS's default hour.
/// </summary>
public static class SamlDuration
{
    /// <summary>AWS's default and the length every role allows.</summary>
    public const int Default = 3600;

    /// <summary>The shortest session.</summary>
    public const int Minimum = 900;

    /// <summary>The longest session any role can allow.</summary>
    public const int Maximum = 43200;

    /// <summary>min(asked, SessionDuration), within 900–43200.</summary>
    public static int Choose(int? asked, int? sessionDuration)
    {
        var seconds = asked ?? sessionDuration ?? Default;
        if (sessionDuration is { } cap && cap < seconds)
        {
            seconds = cap;
        }

        return Math.Clamp(seconds, Minimum, Maximum);
    }

    /// <summary>True when STS refused the call only because of DurationSeconds (the role allows less).</summary>
    public static bool IsDurationRefusal(AwsServiceException e)
        => e.ErrorCode is "ValidationError" or "InvalidParameterValue" && e.ServiceMessage.Contains("DurationSeconds", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// AssumeRoleWithSAML for one role with the duration rule: ask for <see cref="SamlDuration.Choose"/>; when STS
/// answers a ValidationError about DurationSeconds (more than the role's MaxSessionDuration), ask again with the
/// role's maximum when the caller knows it, else with one hour, which every role allows.
/// </summary>
public sealed class SamlRoleAssumer
{
    private readonly IStsClient _sts;

    /// <summary>Creates the service over an STS client (its endpoint follows the profile's endpoint settings).</summary>
    public SamlRoleAssumer(IStsClient sts) => _sts = sts;

    /// <summary>Assumes <paramref name="role"/> with <paramref name="assertion"/>.</summary>
    /// <param name="assertion">The assertion (sent unchanged).</param>
    /// <param name="role">One of its roles.</param>
    /// <param name="askedSeconds">The duration asked for (profile or flag), or <c>null</c>.</param>
    /// <param name="roleMaximumSeconds">The role's MaxSessionDuration when known (tried after a refusal), or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SamlRoleCredentials> AssumeAsync(SamlAssertion assertion, SamlRole role, int? askedSeconds, int? roleMaximumSeconds, CancellationToken cancellationToken)
    {
        var duration = SamlDuration.Choose(askedSeconds, assertion.SessionDuration);
        var reduced = false;
        while (true)
        {
            try
            {
                var result = await _sts.AssumeRoleWithSamlAsync(role.RoleArn, role.PrincipalArn, assertion.Base64, duration, cancellationToken).ConfigureAwait(false);
                return new SamlRoleCredentials(result.Credentials, result.AssumedRoleArn, role, duration, reduced);
            }
            catch (AwsServiceException e) when (SamlDuration.IsDurationRefusal(e) && duration > SamlDuration.Default)
            {
                duration = roleMaximumSeconds is { } max && max >= SamlDuration.Default && max < duration ? max : SamlDuration.Default;
                roleMaximumSeconds = null;
                reduced = true;
            }
            catch (AwsServiceException e)
            {
                var hint = e.ErrorCode switch
                {
                    "ExpiredTokenException" => "; the assertion expired before it was used: sign in again",
                    "AccessDenied" => $"; check that {role.RoleArn} trusts {role.PrincipalArn}",
                    _ => string.Empty,
                };
                throw new CredentialsException($"could not assume {role.RoleArn} with the SAML assertion: {e.ErrorCode ?? "error"}: {e.ServiceMessage}{hint}", e.ExitCode, e);
            }
        }
    }
}
