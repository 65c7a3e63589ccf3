using Sesame.Core.Errors;

namespace Sesame.Core.Config.Chain;

// Value rules from the STS AssumeRole model (sts/2011-06-15): RoleSessionName 2–64 of [\w+=,.@-],
// ExternalId 2–1224 of [\w+=,.@:/-], DurationSeconds 900–43200. A role ARN is
// arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME. Checking them here turns an STS ValidationError
// after a network round trip (and perhaps an MFA prompt) into an error that names the file and line.
// Written as plain character checks rather than regular expressions: this runs on every
// credential_process call, and starting the regex engine costs more than the rest of planning.

/// <summary>Checks the values of one role hop.</summary>
internal static class RoleValidation
{
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 43200;

    public static void Validate(RoleStep step, ConfigSection profile)
    {
        var arn = step.RoleArn;
        if (!IsRoleArn(arn.Value))
        {
            var hint = arn.Value.Contains(":user/", StringComparison.Ordinal) ? " (that is a user ARN)" : string.Empty;
            throw new ConfigException($"role_arn '{arn.Value}' is not a role ARN{hint}; expected arn:aws:iam::ACCOUNT:role/NAME", arn.Location.File, arn.Location.Line);
        }

        if (step.DurationSeconds is { } seconds && seconds is < MinDurationSeconds or > MaxDurationSeconds)
        {
            var at = profile.Get(Keys.DurationSeconds)!.Location;
            throw new ConfigException($"duration_seconds {seconds} is out of range: AWS accepts 900 to 43200 (and at most the role's maximum session duration)", at.File, at.Line);
        }

        if (step.SessionName is { } name && !IsValid(name, 2, 64, "+=,.@-"))
        {
            var at = profile.Get(Keys.RoleSessionName)!.Location;
            throw new ConfigException($"role_session_name '{name}' is not valid: 2 to 64 characters of letters, digits and + = , . @ - _", at.File, at.Line);
        }

        if (step.ExternalId is { } externalId && !IsValid(externalId, 2, 1224, "+=,.@:/-"))
        {
            var at = profile.Get(Keys.ExternalId)!.Location;
            throw new ConfigException("external_id is not valid: 2 to 1224 characters of letters, digits and + = , . @ : / - _", at.File, at.Line);
        }
    }

    /// <summary>arn:PARTITION:iam::DIGITS:role/NAME, with PARTITION lower-case letters, digits and '-' starting with a letter.</summary>
    internal static bool IsRoleArn(string value)
    {
        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3].Length != 0)
        {
            return false;
        }

        var partition = parts[1];
        if (partition.Length == 0 || !char.IsAsciiLetterLower(partition[0]) || !IsValid(partition, 1, int.MaxValue, "-", lowerOnly: true))
        {
            return false;
        }

        if (parts[4].Length == 0 || !IsDigits(parts[4]))
        {
            return false;
        }

        var resource = parts[5];
        return resource.StartsWith("role/", StringComparison.Ordinal) && IsValid(resource["role/".Length..], 1, int.MaxValue, "+=,.@/-");
    }

    private static bool IsDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // STS's [\w…] classes: letters, digits, '_' (\w as Java reads it), and the listed punctuation.
    private static bool IsValid(string value, int min, int max, string extra, bool lowerOnly = false)
    {
        if (value.Length < min || value.Length > max)
        {
            return false;
        }

        foreach (var c in value)
        {
            var allowed = lowerOnly ? char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) : char.IsLetterOrDigit(c) || c == '_';
            if (!(allowed || extra.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
