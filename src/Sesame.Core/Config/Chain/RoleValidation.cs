using System.Text.RegularExpressions;
using Sesame.Core.Errors;

namespace Sesame.Core.Config.Chain;

// Value rules from the STS AssumeRole model (sts/2011-06-15): RoleSessionName 2–64 of [\w+=,.@-],
// ExternalId 2–1224 of [\w+=,.@:/-], DurationSeconds 900–43200. A role ARN is
// arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME. Checking them here turns an STS ValidationError
// after a network round trip (and perhaps an MFA prompt) into an error that names the file and line.

/// <summary>Checks the values of one role hop.</summary>
internal static partial class RoleValidation
{
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 43200;

    public static void Validate(RoleStep step, ConfigSection profile)
    {
        var arn = step.RoleArn;
        if (!RoleArnPattern().IsMatch(arn.Value))
        {
            var hint = arn.Value.Contains(":user/", StringComparison.Ordinal) ? " (that is a user ARN)" : string.Empty;
            throw new ConfigException($"role_arn '{arn.Value}' is not a role ARN{hint}; expected arn:aws:iam::ACCOUNT:role/NAME", arn.Location.File, arn.Location.Line);
        }

        if (step.DurationSeconds is { } seconds && seconds is < MinDurationSeconds or > MaxDurationSeconds)
        {
            var at = profile.Get(Keys.DurationSeconds)!.Location;
            throw new ConfigException($"duration_seconds {seconds} is out of range: AWS accepts 900 to 43200 (and at most the role's maximum session duration)", at.File, at.Line);
        }

        if (step.SessionName is { } name && !SessionNamePattern().IsMatch(name))
        {
            var at = profile.Get(Keys.RoleSessionName)!.Location;
            throw new ConfigException($"role_session_name '{name}' is not valid: 2 to 64 characters of letters, digits and + = , . @ - _", at.File, at.Line);
        }

        if (step.ExternalId is { } externalId && !ExternalIdPattern().IsMatch(externalId))
        {
            var at = profile.Get(Keys.ExternalId)!.Location;
            throw new ConfigException("external_id is not valid: 2 to 1224 characters of letters, digits and + = , . @ : / - _", at.File, at.Line);
        }
    }

    [GeneratedRegex(@"^arn:[a-z][a-z0-9-]*:iam::\d+:role/[\w+=,.@/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExternalIdPattern();
}
