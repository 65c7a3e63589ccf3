using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;
using Sesame.Core.Sso;

namespace Sesame.Core.Doctor;

/// <summary>
/// Every IAM Identity Center session in the config (<c>[sso-session]</c> sections and legacy profiles):
/// is a token cached, can it be renewed without a browser, and how long until the client registration
/// (which makes renewal possible) expires. Reads the AWS CLI's cache only; never refreshes.
/// </summary>
internal static class SsoChecks
{
    // The token source refreshes when less than this remains (botocore's window).
    private static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(15);

    public static void Run(ProfileSet profiles, SesameRuntime runtime, TimeSpan expiryWarning, List<DoctorFinding> findings)
    {
        var cache = runtime.Sso.Cache;
        var registrations = new SsoRegistrationCache(cache);
        var now = runtime.Seams.Time.GetUtcNow();
        foreach (var session in Sessions(profiles, findings))
        {
            var read = cache.Read(session.CacheKey);
            if (read.IsMissing)
            {
                findings.Add(new(DoctorSeverity.Info, "sso-token", $"IAM Identity Center {session.Description}: not signed in on this computer", session.Location, session.LoginCommand));
                continue;
            }

            if (read.Token is not { } token)
            {
                findings.Add(new(DoctorSeverity.Warning, "sso-token", $"the token cache file of IAM Identity Center {session.Description} ({read.Path}) is unusable: {read.Problem}", session.Location, session.LoginCommand + "  # replaces the file"));
                continue;
            }

            var canRefresh = token.CanRefresh(now);
            var expires = SsoTokenFile.FormatTime(token.ExpiresAt);
            if (token.ExpiresAt - now <= RefreshWindow && !canRefresh)
            {
                findings.Add(new(
                    DoctorSeverity.Warning,
                    "sso-token-expiring",
                    token.ExpiresAt <= now
                        ? $"the IAM Identity Center token of {session.Description} expired at {expires} and cannot be renewed without a browser"
                        : $"the IAM Identity Center token of {session.Description} expires at {expires} and cannot be renewed without a browser",
                    session.Location,
                    session.LoginCommand));
                continue;
            }

            var registrationExpires = token.RegistrationExpiresAt
                ?? registrations.Read(SsoRegistrationCache.Key(session.StartUrl, session.Region, session.ConfiguredScopes, session.SessionName))?.Registration.ExpiresAt;
            if (canRefresh && registrationExpires is { } at && at - now < expiryWarning)
            {
                findings.Add(new(
                    DoctorSeverity.Warning,
                    "sso-registration-expiring",
                    $"the client registration of IAM Identity Center {session.Description} expires at {SsoTokenFile.FormatTime(at)} ({Days(at - now)}): after that the token can no longer be renewed without a browser",
                    session.Location,
                    $"{session.LoginCommand}  # after {SsoTokenFile.FormatTime(at)}; it registers anew (until then the token renews itself)"));
                continue;
            }

            findings.Add(new(
                DoctorSeverity.Info,
                "sso-token",
                canRefresh
                    ? $"IAM Identity Center {session.Description}: signed in; the token is renewed without a browser until {SsoTokenFile.FormatTime(registrationExpires ?? token.RegistrationExpiresAt!.Value)}"
                    : $"IAM Identity Center {session.Description}: signed in until {expires} (no refresh token: sign in again then)",
                session.Location,
                null));
        }
    }

    private static string Days(TimeSpan left)
        => left <= TimeSpan.Zero ? "already" : left < TimeSpan.FromDays(1) ? $"in {Math.Max(1, (int)left.TotalHours)} h" : $"in {(int)left.TotalDays} days";

    // Each session once: the named sections, then legacy profiles with their own start URL.
    private static List<SsoSession> Sessions(ProfileSet profiles, List<DoctorFinding> findings)
    {
        var sessions = new List<SsoSession>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(Func<SsoSession> resolve)
        {
            try
            {
                var session = resolve();
                if (session.StartUrl.Length == 0 || session.Region.Length == 0)
                {
                    if (session.SessionName is not null && seen.Add(session.CacheKey))
                    {
                        try
                        {
                            session.Require();
                        }
                        catch (ConfigException e)
                        {
                            findings.Add(new(DoctorSeverity.Error, "sso-session-incomplete", e.Reason, session.Location, $"add the missing keys to [sso-session {session.SessionName}] (or run 'sesame configure sso <profile>')"));
                        }
                    }
                }
                else if (seen.Add(session.CacheKey))
                {
                    sessions.Add(session);
                }
            }
            catch (ConfigException)
            {
                // A profile whose SSO settings are wrong is reported by the profile checks.
            }
        }

        foreach (var section in profiles.SsoSessions)
        {
            Add(() => SsoSession.Named(profiles, section.Name));
        }

        foreach (var profile in profiles.Profiles)
        {
            if (profile.Has(Keys.SsoStartUrl) && !profile.Has(Keys.SsoSession))
            {
                Add(() => SsoSession.OfProfile(profiles, profile));
            }
        }

        return sessions;
    }
}
