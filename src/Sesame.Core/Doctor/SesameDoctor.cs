using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Core.Doctor;

/// <summary>
/// <c>sesame doctor</c>: checks the user's set-up and explains what it finds, with the file and line and
/// the fix — config sections the AWS CLI would reject or read differently, profiles no tool can use,
/// helper loops, plaintext keys, the secret store and the kernel keyring, file permissions, clock skew
/// against STS, <c>sesame</c> missing from <c>PATH</c>, IAM Identity Center tokens and registrations near
/// expiry, AWS CLI version limits, and what aws-adfs or saml2aws left behind. It only reads: it never
/// unlocks or creates the store, never writes a file, and needs no credentials; the one network request
/// (the clock check) is unsigned and is skipped with a note when STS cannot be reached.
/// </summary>
public sealed class SesameDoctor
{
    private readonly SesameRuntime _runtime;
    private readonly DoctorOptions _options;

    /// <summary>Creates the doctor over a runtime (best a read-only one: it must not remember validated configs).</summary>
    public SesameDoctor(SesameRuntime runtime, DoctorOptions? options = null)
    {
        _runtime = runtime;
        _options = options ?? DoctorOptions.Default;
    }

    /// <summary>Runs every check.</summary>
    public async Task<DoctorReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var findings = new List<DoctorFinding>();
        var profiles = Guard(findings, "config", () => _runtime.Profiles);
        if (profiles is not null)
        {
            var storedKeys = StoredKeys(findings);
            var migration = new List<DoctorFinding>();
            var leftovers = Guard(migration, "migration", () => MigrationChecks.Run(profiles, _runtime.Locator, _runtime.Seams.FileSystem, migration)) ?? [];
            Guard(findings, "config", () => ConfigChecks.Run(profiles, storedKeys, _runtime.Seams.Environment, leftovers, findings));
            Guard(findings, "sesame-on-path", () => PathCheck.Run(profiles, _runtime.Seams.Environment, findings));
            findings.AddRange(migration);
        }

        Guard(findings, "store", () => StoreChecks.Run(_runtime, findings));
        Guard(findings, "permissions", () => StoreChecks.Permissions(_runtime, findings));
        if (profiles is not null)
        {
            Guard(findings, "sso", () => SsoChecks.Run(profiles, _runtime, _options.ExpiryWarning ?? TimeSpan.FromDays(7), findings));
        }

        await GuardAsync(findings, "clock-skew", () => ClockSkewCheck.RunAsync(_runtime, profiles, _options, findings, cancellationToken)).ConfigureAwait(false);
        await GuardAsync(findings, "aws-cli", () => AwsCliCheck.RunAsync(_runtime, profiles, findings, cancellationToken)).ConfigureAwait(false);
        return new DoctorReport(findings);
    }

    // "Does the store hold keys for this profile?" from metadata only; false everywhere when no store is in use.
    private Func<string, bool> StoredKeys(List<DoctorFinding> findings)
    {
        try
        {
            return _runtime.Stores.HasStoredKeys();
        }
        catch (SesameException e)
        {
            findings.Add(Failed("store", e));
            return static _ => false;
        }
    }

    private static T? Guard<T>(List<DoctorFinding> findings, string check, Func<T> run)
        where T : class
    {
        try
        {
            return run();
        }
        catch (SesameException e)
        {
            findings.Add(Failed(check, e));
            return null;
        }
    }

    private static void Guard(List<DoctorFinding> findings, string check, Action run)
    {
        try
        {
            run();
        }
        catch (SesameException e)
        {
            findings.Add(Failed(check, e));
        }
    }

    private static async Task GuardAsync(List<DoctorFinding> findings, string check, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (SesameException e)
        {
            findings.Add(Failed(check, e));
        }
    }

    // A check that cannot run is itself a finding: the reason is a typed error with its file and line.
    private static DoctorFinding Failed(string check, SesameException e)
    {
        var at = e is ConfigException { File: { } file } config ? new SourceLocation(file, config.Line) : (SourceLocation?)null;
        var message = e is ConfigException { File: not null } c ? c.Reason : e.Message;
        return new DoctorFinding(DoctorSeverity.Error, check, message, at, FixFor(e));
    }

    private static string? FixFor(SesameException e) => e switch
    {
        ConfigParseException => "correct the line named; Sesame, the AWS CLI and the SDKs all refuse the file until then",
        ConfigException => "correct the setting named",
        _ => null,
    };
}
