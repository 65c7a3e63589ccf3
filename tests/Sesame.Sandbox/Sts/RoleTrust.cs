using System.Globalization;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Sts;

/// <summary>
/// The AssumeRole rules moto does not apply (measured with moto 5.2.1): role existence, principals by
/// account or by role, ExternalId when absent, MFA (IAM: aws:MultiFactorAuthPresent), MaxSessionDuration and
/// the one-hour limit for role chaining. Rules: docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html.
/// </summary>
internal static class RoleTrust
{
    public const int ChainingLimitSeconds = 3600;

    public static AwsError NotAuthorized(string? principal, string action, string resource) =>
        AwsError.AccessDenied($"User: {principal ?? "(unknown)"} is not authorized to perform: {action} on resource: {resource}");

    public static AwsError MfaFailed() =>
        AwsError.AccessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ");

    public static AwsError MfaUnknownDevice() =>
        AwsError.AccessDenied("MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.");

    /// <summary>True when <paramref name="trust"/> admits <paramref name="caller"/> for sts:AssumeRole.</summary>
    public static bool AdmitsCaller(Trust trust, IssuedCredential? caller)
    {
        if (caller is null)
        {
            return false;
        }

        return trust.Kind switch
        {
            TrustKind.Accounts => trust.Principals.Contains(caller.AccountId),
            // A role ARN in a trust policy admits every session of that role; a user ARN admits the user,
            // also when calling with a GetSessionToken session of theirs.
            TrustKind.Principals => trust.Principals.Contains(caller.Kind == CredentialKind.AssumedRole ? caller.RoleArn : UserArn(caller)),
            _ => false,
        };
    }

    /// <summary>The IAM user behind a key (users and their sessions), or null.</summary>
    public static string? UserArn(IssuedCredential caller) => caller.Kind switch
    {
        CredentialKind.User or CredentialKind.Broker => caller.PrincipalArn,
        CredentialKind.Session or CredentialKind.Federated => $"arn:aws:iam::{caller.AccountId}:user/{caller.UserName}",
        _ => null,
    };

    /// <summary>
    /// DurationSeconds rules for AssumeRole*: 900 to the role's MaxSessionDuration, and at most 3600 when
    /// the call is role chaining. Returns the duration to use, or the error.
    /// </summary>
    public static (int Seconds, AwsError? Error) Duration(string? requested, Role role, bool chained)
    {
        var seconds = 3600;
        if (requested is not null && !int.TryParse(requested, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds))
        {
            return (0, new AwsError("InvalidParameterValue", "DurationSeconds must be an integer.", 400));
        }

        if (seconds < 900 || seconds > 43200)
        {
            return (0, AwsError.Validation($"1 validation error detected: Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value {(seconds < 900 ? "greater than or equal to 900" : "less than or equal to 43200")}"));
        }

        if (chained && seconds > ChainingLimitSeconds)
        {
            return (0, AwsError.Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
        }

        if (seconds > role.MaxSessionDuration.TotalSeconds)
        {
            return (0, AwsError.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }

        return (seconds, null);
    }
}
