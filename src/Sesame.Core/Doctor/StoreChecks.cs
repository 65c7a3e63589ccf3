using Sesame.Core.Runtime;
using Sesame.Core.Settings;
using Sesame.Core.Stores;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Core.Stores.Unlock;

namespace Sesame.Core.Doctor;

/// <summary>
/// The secret store (which backend, how it was chosen, whether it can be used here, whether it is set
/// up and locked), the kernel keyring that keeps an unlocked store and cached sessions, and the
/// permissions of every file and folder Sesame reads or writes. Never creates, unlocks or probes by writing.
/// </summary>
internal static class StoreChecks
{
    public static void Run(SesameRuntime runtime, List<DoctorFinding> findings)
    {
        var stores = runtime.Stores;
        var settings = stores.Settings;
        var factory = stores.Factory;
        var existing = factory.OpenExisting(settings);
        var backend = existing?.Backend ?? factory.Preview(settings);
        var setUp = existing is not null and not EncryptedFileStore { Exists: false };
        if (existing is not null && backend != BackendNames.File)
        {
            var status = factory.Describe(settings).FirstOrDefault(s => s.Name == backend);
            if (status is { Available: false })
            {
                findings.Add(new(
                    DoctorSeverity.Error,
                    "store-unavailable",
                    $"the secret store is {backend} ({stores.Selection.How}), but it cannot be used here: {status.Reason}",
                    null,
                    "sesame backends  # shows what is available; choose one with SESAME_BACKEND or sesame_backend in [default]"));
                Keyring(factory, settings, backend, setUp: false, findings);
                return;
            }
        }

        if (!setUp)
        {
            findings.Add(new(
                DoctorSeverity.Info,
                "store",
                $"no secret store is set up yet (Sesame would use {backend}{(settings.Backend is null ? ", the best available here" : ", set by " + settings.BackendSource)}): temporary credentials are cached in the kernel keyring only, and access keys or TOTP seeds cannot be stored",
                null,
                "sesame setup"));
        }
        else
        {
            var how = stores.Selection.How;
            var state = existing!.IsReadyWithoutAsking
                ? "open (usable without a passphrase now)"
                : $"locked: the next use that needs it asks for its passphrase on the terminal ('sesame unlock' opens it for {SettingParsers.FormatDuration(settings.UnlockTimeout)})";
            findings.Add(new(DoctorSeverity.Info, "store", $"secret store: {backend} ({how}); {state}", null, null));
        }

        Keyring(factory, settings, backend, setUp, findings);
    }

    private static void Keyring(SecretStoreFactory factory, StoreSettings settings, string backend, bool setUp, List<DoctorFinding> findings)
    {
        var cache = factory.UnlockCacheFor(settings);
        if (cache is NoUnlockCache none)
        {
            if (settings.UnlockTimeout <= TimeSpan.Zero)
            {
                findings.Add(new(DoctorSeverity.Info, "kernel-keyring", "the unlock cache is switched off (unlock timeout 0): the file store asks for its passphrase every time it is opened", null, null));
                return;
            }

            // Without it, the file store asks on every use, and sessions without a store are not cached at all.
            var matters = backend == BackendNames.File || !setUp;
            findings.Add(new(
                matters ? DoctorSeverity.Warning : DoctorSeverity.Info,
                "kernel-keyring",
                $"the kernel keyring cannot be used here ({none.Reason}): "
                    + (backend == BackendNames.File
                        ? "the encrypted file store asks for its passphrase every time a command needs it"
                        : "cached sessions are read from the store on every use")
                    + (setUp ? string.Empty : ", and until a store is set up temporary credentials are not cached at all"),
                null,
                OperatingSystem.IsLinux() ? "apt-get install libkeyutils1  # or your distribution's keyutils library" : null));
            return;
        }

        findings.Add(new(
            DoctorSeverity.Info,
            "kernel-keyring",
            $"{(cache.Name == "kernel-keyring" ? "the kernel keyring" : $"the unlock cache ({cache.Name})")} is available: an unlocked file store stays open for {SettingParsers.FormatDuration(settings.UnlockTimeout)} and cached sessions are read from it first, until you log out",
            null,
            null));
    }

    public static void Permissions(SesameRuntime runtime, List<DoctorFinding> findings)
    {
        StoreSettings? settings = null;
        try
        {
            settings = runtime.Stores.Settings;
        }
        catch (Errors.ConfigException)
        {
            // Reported by the store check; audit the AWS and cache folders anyway.
        }

        var targets = PermissionAudit.DefaultTargets(runtime.Seams.Environment, settings?.FileDirectory, settings?.DataDirectory);
        foreach (var finding in PermissionAudit.Run(targets))
        {
            // The refusal's own wording ends with the command; doctor shows it as the fix.
            var problem = finding.Problem.IndexOf("; run: ", StringComparison.Ordinal) is var cut and >= 0 ? finding.Problem[..cut] : finding.Problem;
            findings.Add(new(
                finding.Refused ? DoctorSeverity.Error : DoctorSeverity.Warning,
                "permissions",
                $"{finding.What} ({finding.Path}): {problem}{(finding.Refused ? "; Sesame refuses to keep secrets there until it is fixed" : string.Empty)}",
                null,
                finding.Fix));
        }
    }
}
