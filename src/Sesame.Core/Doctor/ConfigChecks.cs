using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Engine;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Doctor;

/// <summary>
/// The checks of the config and credentials files: sections the AWS CLI would refuse or ignore, values
/// it reads differently, profiles that no tool can use, helper loops and plaintext keys.
/// </summary>
internal static class ConfigChecks
{
    public static void Run(ProfileSet profiles, Func<string, bool> storedKeys, IEnvironment environment, IReadOnlySet<string> leftovers, List<DoctorFinding> findings)
    {
        foreach (var note in profiles.Notes)
        {
            findings.Add(FromNote(note));
        }

        foreach (var section in AllSections(profiles))
        {
            foreach (var note in section.Notes)
            {
                findings.Add(FromNote(note));
            }
        }

        foreach (var profile in profiles.Profiles)
        {
            CheckProfile(profiles, profile, storedKeys, environment, leftovers, findings);
        }
    }

    private static IEnumerable<ConfigSection> AllSections(ProfileSet profiles)
        => profiles.Profiles.Concat(profiles.SsoSessions).Concat(profiles.ServicesSections).Concat(profiles.UnknownSections);

    // The parser's notes, each with what to do. Sesame follows the cross-SDK rules; the AWS CLI (botocore) differs here.
    private static DoctorFinding FromNote(ConfigNote note)
    {
        var message = note.Message;
        if (message.Contains("appears more than once", StringComparison.Ordinal))
        {
            return new(DoctorSeverity.Error, "config-duplicate-section", message, note.Location, "merge the repeated section into the first one (the AWS CLI refuses the whole file until then)");
        }

        if (message.Contains("byte-order mark", StringComparison.Ordinal))
        {
            return new(DoctorSeverity.Error, "config-byte-order-mark", message, note.Location, "save the file as UTF-8 without a byte-order mark");
        }

        if (message.Contains("trailing comment", StringComparison.Ordinal))
        {
            return new(DoctorSeverity.Warning, "config-inline-comment", message, note.Location, "move the comment to a line of its own");
        }

        if (message.StartsWith("key ", StringComparison.Ordinal))
        {
            return new(DoctorSeverity.Warning, "config-bad-key", message, note.Location, "rename the key (letters, digits and - _ / . % @ : + only) or remove the line");
        }

        if (message.Contains("[profile default]", StringComparison.Ordinal))
        {
            return new(DoctorSeverity.Warning, "config-ignored-section", message, note.Location, "merge [default] into [profile default] and remove it");
        }

        return note.Kind == ConfigNoteKind.Ignored
            ? new(DoctorSeverity.Warning, "config-bad-section", message, note.Location, "rename the section as the message says, or remove it (every AWS tool ignores it)")
            : new(DoctorSeverity.Warning, "config-compatibility", message, note.Location, null);
    }

    private static void CheckProfile(ProfileSet profiles, ConfigSection profile, Func<string, bool> storedKeys, IEnvironment environment, IReadOnlySet<string> leftovers, List<DoctorFinding> findings)
    {
        var name = profile.Name;
        var header = profile.Headers.FirstOrDefault();
        if (profile.Get(Keys.AwsAccessKeyId) is { } keyId && profile.Has(Keys.AwsSecretAccessKey) && !leftovers.Contains(name))
        {
            PlaintextKeys(profile, keyId, storedKeys(name), findings);
        }

        ChainPlan plan;
        try
        {
            // As Sesame resolves it (stored keys count), with its settings.
            plan = ChainPlanner.Plan(profiles, name, storedKeys);
            EngineSettings.Read(environment, profile);
        }
        catch (NoCredentialsConfiguredException)
        {
            findings.Add(name == "default"
                ? new(DoctorSeverity.Info, "profile-empty", "profile 'default' has no credential settings (only region, output or other settings): the AWS CLI and SDKs take credentials from the environment or instance metadata when it is used", header, null)
                : new(
                    DoctorSeverity.Warning,
                    "profile-empty",
                    $"profile '{name}' has no credential settings: the AWS CLI and SDKs silently fall back to the environment or instance metadata for it, Sesame refuses it",
                    header,
                    $"give it credentials ('sesame keys add {name}', 'sesame configure sso {name}', or role_arn with source_profile) or remove the section"));
            return;
        }
        catch (ConfigException e)
        {
            findings.Add(ProfileError(profile, e));
            return;
        }

        if (plan.Base is CredentialProcessSource process && plan.Base.Profile == name && HelperLoops.CallsSesameFor(process.Command.Value, name))
        {
            findings.Add(new(
                DoctorSeverity.Error,
                "credential-process-loop",
                $"profile '{name}' has credential_process = {process.Command.Value.Trim()}, which asks Sesame for this same profile, and Sesame holds no key for it: every AWS tool fails on it",
                process.Command.Location,
                $"store its key with 'sesame keys add {name}' (the stored key is used first), or remove the credential_process line"));
        }

        if (plan.Base is StoredKeysSource && plan.Base.Profile == name && !CanOtherToolsUse(profiles, profile))
        {
            findings.Add(new(
                DoctorSeverity.Warning,
                "profile-stored-keys-only",
                $"Sesame holds the access key of profile '{name}', but the profile has no credential_process: the AWS CLI and SDKs see an empty profile and fall back to instance metadata",
                header,
                $"add the line 'credential_process = sesame credential-process {name}' to the profile"));
        }
    }

    // What the AWS CLI sees: the same profile without Sesame's store.
    private static bool CanOtherToolsUse(ProfileSet profiles, ConfigSection profile)
        => ChainPlanner.DetectBase(profiles, profile) != BaseKind.None || ChainPlanner.HasRoleConfig(profile);

    private static DoctorFinding ProfileError(ConfigSection profile, ConfigException e)
    {
        var at = e.File is { } file ? new SourceLocation(file, e.Line) : profile.Headers.FirstOrDefault();
        if (profile.Has(Keys.RoleArn) && !profile.Has(Keys.SourceProfile) && !profile.Has(Keys.CredentialSource) && !profile.Has(Keys.WebIdentityTokenFile))
        {
            return new(DoctorSeverity.Error, "profile-role-without-source", e.Reason, at, $"add 'source_profile = <profile with the credentials>' or 'credential_source = Environment|Ec2InstanceMetadata|EcsContainer' to profile '{profile.Name}'");
        }

        return new(DoctorSeverity.Error, "profile-invalid", e.Reason, at, "correct the setting named; until then no AWS tool can use the profile");
    }

    private static void PlaintextKeys(ConfigSection profile, ConfigValue keyId, bool alsoStored, List<DoctorFinding> findings)
    {
        var name = profile.Name;
        if ((profile.Get(Keys.AwsSessionToken) ?? profile.Get(Keys.AwsSecurityToken)) is { } sessionToken)
        {
            // Temporary keys written by aws-adfs or saml2aws are reported with what wrote them (MigrationChecks).
            findings.Add(new(
                DoctorSeverity.Warning,
                "plaintext-session",
                $"profile '{name}' holds temporary credentials (with a session token) in plaintext; they expire, and whatever wrote them must write them again",
                sessionToken.Location,
                "let Sesame get them when needed (a role, IAM Identity Center or SAML profile), then remove the keys from the file"));
            return;
        }

        findings.Add(new(
            DoctorSeverity.Warning,
            "plaintext-keys",
            alsoStored
                ? $"profile '{name}' still has long-term access keys in plaintext, although Sesame's store holds a key for it (and uses that one)"
                : $"profile '{name}' has long-term access keys in plaintext; any program that can read the file can use them",
            keyId.Location,
            alsoStored
                ? $"sesame keys import {name} --remove-plaintext --force  # or delete the two key lines if the stored key is the one to keep"
                : $"sesame keys import {name} --remove-plaintext  # moves them into Sesame's encrypted store (after 'sesame setup')"));
    }
}
