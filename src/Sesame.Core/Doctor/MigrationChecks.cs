using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Saml.Migration;

namespace Sesame.Core.Doctor;

/// <summary>
/// What aws-adfs and saml2aws leave behind: aws-adfs keeps its settings in the profile
/// (<c>adfs_config.*</c>) and rewrites temporary keys into the credentials file on every login;
/// saml2aws keeps its IdP accounts in <c>~/.saml2aws</c> and writes temporary keys (with
/// <c>x_security_token_expires</c>) into the profile its account names (<c>aws_profile</c>, default
/// <c>saml</c>). Sesame can sign in for both (docs/saml.md); the leftover keys are plaintext secrets.
/// </summary>
internal static class MigrationChecks
{
    private const string Saml2AwsExpiryKey = "x_security_token_expires";
    private const string Saml2AwsPrincipalKey = "x_principal_arn";

    /// <summary>Adds the findings; returns the profiles whose plaintext temporary keys another tool wrote (reported here).</summary>
    public static HashSet<string> Run(ProfileSet profiles, ConfigFileLocator locator, IFileSystem fileSystem, List<DoctorFinding> findings)
    {
        var leftovers = new HashSet<string>(StringComparer.Ordinal);
        var saml2awsProfiles = Saml2Aws(locator, fileSystem, findings);
        foreach (var profile in profiles.Profiles)
        {
            var sessionKeys = profile.Get(Keys.AwsSessionToken) ?? profile.Get(Keys.AwsSecurityToken);
            if (AwsAdfsProfile.TryRead(profile) is { } adfs)
            {
                var first = profile.Values.First(v => v.Key.StartsWith(AwsAdfsProfile.KeyPrefix, StringComparison.OrdinalIgnoreCase));
                findings.Add(new(
                    DoctorSeverity.Warning,
                    "aws-adfs-profile",
                    $"profile '{profile.Name}' was set up by aws-adfs (sign-in at {adfs.AdfsHost ?? "an unnamed AD FS host"}{(adfs.SslVerification ? string.Empty : ", with TLS verification switched off")}): Sesame can sign in for it and keep the keys out of plaintext files",
                    first.Location,
                    $"sesame configure saml {profile.Name} --from-aws-adfs {profile.Name}  # then remove the adfs_config.* lines"));
                if (sessionKeys is not null)
                {
                    findings.Add(Leftover(profile, sessionKeys, "aws-adfs"));
                    leftovers.Add(profile.Name);
                }
            }
            else if (sessionKeys is not null && (WrittenBySaml2Aws(profile) || saml2awsProfiles.Contains(profile.Name)))
            {
                findings.Add(Leftover(profile, sessionKeys, "saml2aws"));
                leftovers.Add(profile.Name);
            }
        }

        return leftovers;
    }

    private static bool WrittenBySaml2Aws(ConfigSection profile) => profile.Has(Saml2AwsExpiryKey) || profile.Has(Saml2AwsPrincipalKey);

    private static DoctorFinding Leftover(ConfigSection profile, ConfigValue at, string tool)
        => new(
            DoctorSeverity.Warning,
            "plaintext-session",
            $"profile '{profile.Name}' holds temporary credentials that {tool} wrote in plaintext (they are rewritten on each {tool} login and stay readable until then)",
            at.Location,
            "once Sesame signs in for this profile, remove aws_access_key_id, aws_secret_access_key and aws_session_token from the file");

    // ~/.saml2aws: one finding per IdP account, and the profiles they write.
    private static HashSet<string> Saml2Aws(ConfigFileLocator locator, IFileSystem fileSystem, List<DoctorFinding> findings)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (locator.HomeDirectory is not { } home)
        {
            return written;
        }

        var path = Path.Combine(home, ".saml2aws");
        byte[] bytes;
        try
        {
            if (!fileSystem.FileExists(path))
            {
                return written;
            }

            bytes = fileSystem.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Errors.SesameException)
        {
            findings.Add(new(DoctorSeverity.Info, "saml2aws-config", $"{path} exists but cannot be read ({e.Message})", null, null));
            return written;
        }

        foreach (var account in Saml2AwsConfig.Parse(Encoding.UTF8.GetString(bytes)))
        {
            var profile = account.AwsProfile ?? "saml";
            written.Add(profile);
            findings.Add(new(
                DoctorSeverity.Warning,
                "saml2aws-config",
                $"saml2aws account '{account.Name}' ({account.Provider ?? "unknown provider"} at {account.Url ?? "no URL"}) writes temporary keys into profile '{profile}': Sesame can sign in for it instead, without plaintext keys",
                new SourceLocation(path, 0),
                $"sesame configure saml {profile}  # with the URL, user and role of '{account.Name}' (docs/saml.md), then remove ~/.saml2aws"));
        }

        return written;
    }
}
