using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Config.Editing;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Stores;
using Sesame.Core.Stores.Typed;

namespace Sesame.Core.Runtime;

/// <summary>
/// Long-term access keys in the secret store: add, import from the plaintext files, remove, rotate.
/// A stored key is never replaced by a different one without <c>force</c> (IAM shows a secret only
/// once, so a replaced secret is gone for good), every change of the user's files goes through the
/// <see cref="ConfigEditor"/>, and a profile whose keys moved to the store stays usable by the AWS CLI
/// and every SDK: unless told otherwise, it gets <c>credential_process = sesame credential-process NAME</c>.
/// </summary>
public sealed class KeyService
{
    private readonly SesameRuntime _runtime;

    /// <summary>Creates the service over a runtime.</summary>
    public KeyService(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>The command a profile gets so other tools reach its stored key.</summary>
    public static string CredentialProcessFor(string profile) => $"sesame credential-process {profile}";

    /// <summary>Refuses a profile name the AWS files cannot hold.</summary>
    public static void ValidateProfileName(string profile)
    {
        if (!Identifiers.IsValid(profile))
        {
            throw new SesameException($"'{profile}' is not a valid profile name (letters, digits and - _ / . % @ : + only)", ExitCodes.ConfigError);
        }
    }

    /// <summary>Refuses text that is not an access key.</summary>
    public static void ValidateKeys(AwsCredentials keys)
    {
        if (keys.AccessKeyId.Length is < 16 or > 128 || !keys.AccessKeyId.All(char.IsAsciiLetterOrDigit))
        {
            throw new SesameException("that is not an access key id (16 to 128 letters and digits, such as AKIA…)", ExitCodes.ConfigError);
        }

        if (keys.SecretAccessKey.Length == 0 || keys.SecretAccessKey.Any(char.IsWhiteSpace))
        {
            throw new SesameException("the secret access key is empty or contains spaces", ExitCodes.ConfigError);
        }
    }

    /// <summary>Stores a profile's key and makes sure the profile exists and is usable by other tools.</summary>
    public async Task<KeyAddResult> AddAsync(string profile, AwsCredentials keys, KeyWriteOptions options, CancellationToken cancellationToken = default)
    {
        ValidateProfileName(profile);
        ValidateKeys(keys);
        var store = _runtime.Stores.AccessKeys();
        var replaced = GuardReplace(store, profile, keys, options.Force);
        store.Put(profile, keys);
        var backend = _runtime.Stores.Open().Backend;
        var edit = await EnsureUsableAsync([profile], options.WriteCredentialProcess, cancellationToken).ConfigureAwait(false);
        var plaintext = _runtime.Profiles.GetProfile(profile)?.Get(Keys.AwsAccessKeyId)?.Location;
        return new KeyAddResult(profile, KeyDisplay.Mask(keys.AccessKeyId), backend, replaced, edit.Result.AddedSections.Contains(profile), edit.Result.CredentialProcessAdded.Contains(profile), edit.Path, plaintext);
    }

    /// <summary>
    /// Copies plaintext keys into the store (one profile, or every profile with <paramref name="name"/>
    /// <c>null</c>), each read back before anything else happens; with <paramref name="removePlaintext"/>
    /// the key lines are then deleted from the files (after a 0600 backup of each).
    /// </summary>
    public async Task<KeyImportResult> ImportAsync(string? name, bool removePlaintext, KeyWriteOptions options, CancellationToken cancellationToken = default)
    {
        var profiles = _runtime.Profiles;
        var candidates = new List<(ConfigSection Profile, AwsCredentials Keys)>();
        var skipped = new List<string>();
        foreach (var profile in name is null ? profiles.Profiles : [profiles.GetProfile(name) ?? throw new ProfileNotFoundException(name, NameSuggester.Closest(name, profiles.ProfileNames))])
        {
            var id = profile.Get(Keys.AwsAccessKeyId);
            var secret = profile.Get(Keys.AwsSecretAccessKey);
            if (id is null || secret is null)
            {
                if (name is not null)
                {
                    throw new SesameException($"profile '{name}' has no aws_access_key_id and aws_secret_access_key in the files; nothing to import", ExitCodes.ConfigError);
                }

                continue;
            }

            if (profile.Has(Keys.AwsSessionToken) || profile.Has(Keys.AwsSecurityToken))
            {
                skipped.Add(profile.Name);
                continue;
            }

            var keys = new AwsCredentials(id.Value, secret.Value);
            ValidateKeys(keys);
            candidates.Add((profile, keys));
        }

        if (candidates.Count == 0)
        {
            return new KeyImportResult([], skipped, [], null);
        }

        // Refuse before anything is stored: one conflicting profile leaves every key where it was.
        var store = _runtime.Stores.AccessKeys();
        foreach (var (profile, keys) in candidates)
        {
            GuardReplace(store, profile.Name, keys, options.Force);
        }

        var imported = new List<ImportedKey>();
        foreach (var (profile, keys) in candidates)
        {
            store.Put(profile.Name, keys);

            // Read back before anything is deleted: the files are only touched once the store has the key.
            if (store.Get(profile.Name) != keys)
            {
                throw new SecretStoreException(SecretStoreFailure.Failed, $"the key of profile '{profile.Name}' did not read back from the store; the files were not changed");
            }

            imported.Add(new ImportedKey(profile.Name, KeyDisplay.Mask(keys.AccessKeyId)));
        }

        var backend = _runtime.Stores.Open().Backend;
        if (!removePlaintext)
        {
            return new KeyImportResult(imported, skipped, [], backend);
        }

        var removals = new List<PlaintextRemoval>();
        foreach (var file in new[] { ConfigFileKind.Credentials, ConfigFileKind.Config })
        {
            var path = _runtime.ConfigEditor.PathOf(file);
            var inFile = candidates.Where(c => c.Profile.Get(Keys.AwsAccessKeyId)!.Location.File == path || c.Profile.Get(Keys.AwsSecretAccessKey)!.Location.File == path).Select(c => c.Profile.Name).ToList();
            if (inFile.Count == 0)
            {
                continue;
            }

            var edit = await _runtime.ConfigEditor.EditAsync(
                file,
                document =>
                {
                    foreach (var profile in inFile)
                    {
                        document.RemoveValue(SectionKind.Profile, profile, Keys.AwsAccessKeyId);
                        document.RemoveValue(SectionKind.Profile, profile, Keys.AwsSecretAccessKey);
                    }

                    return true;
                },
                new ConfigEditOptions(Backup: true),
                cancellationToken).ConfigureAwait(false);
            removals.Add(new PlaintextRemoval(edit.Path, inFile, edit.BackupPath));
        }

        // Without its keys a profile would look empty to the AWS CLI, which then silently falls back
        // to instance metadata; the profile now reaches its key through Sesame instead.
        var usable = await EnsureUsableAsync([.. imported.Select(i => i.Profile)], options.WriteCredentialProcess, cancellationToken, afterPlaintextRemoval: true).ConfigureAwait(false);
        return new KeyImportResult(imported, skipped, removals, backend) { CredentialProcessAdded = usable.Result.CredentialProcessAdded, ConfigPath = usable.Path };
    }

    /// <summary>Deletes a profile's stored key (it stays valid in IAM).</summary>
    public bool Remove(string profile) => _runtime.Stores.AccessKeys().Remove(profile);

    /// <summary>
    /// Rotates a profile's stored key: check it, create a new one in IAM, wait until it works, store it,
    /// delete the old one. IAM and STS are called at the endpoints and region the profile's settings
    /// select, by the same rules as every other call (environment beats profile key).
    /// </summary>
    public Task<RotationResult> RotateAsync(string profile, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var aws = _runtime.AwsSettings(profile);
        var seams = _runtime.Seams;
        var rotator = new KeyRotator(
            _runtime.Stores.AccessKeys(),
            new IamClient(aws.QueryEndpointFor(AwsService.Iam), seams.Time, seams.Http),
            new StsIdentityClient(aws.QueryEndpointFor(AwsService.Sts), seams.Time, seams.Http),
            seams.Time,
            progress);
        return rotator.RotateAsync(profile, cancellationToken);
    }

    // A different key already stored for the profile is never replaced silently.
    private static bool GuardReplace(AccessKeyStore store, string profile, AwsCredentials keys, bool force)
    {
        if (!store.Has(profile))
        {
            return false;
        }

        var existing = store.Get(profile);
        if (existing is null || existing.AccessKeyId == keys.AccessKeyId && existing.SecretAccessKey == keys.SecretAccessKey)
        {
            return false;
        }

        if (!force)
        {
            throw new SesameException(
                $"profile '{profile}' already has a different key in the store ({KeyDisplay.Mask(existing.AccessKeyId)}; the new one is {KeyDisplay.Mask(keys.AccessKeyId)}); nothing was changed. If {KeyDisplay.Mask(keys.AccessKeyId)} is the one to keep, run again with --force (the stored secret of {KeyDisplay.Mask(existing.AccessKeyId)} is then gone for good)",
                ExitCodes.ConfigError);
        }

        return true;
    }

    private async Task<ConfigEditResult<UsableEdit>> EnsureUsableAsync(IReadOnlyList<string> names, bool writeCredentialProcess, CancellationToken cancellationToken, bool afterPlaintextRemoval = false)
    {
        // What the profile holds besides this file's section decides whether other tools can use it.
        var before = _runtime.Profiles;
        return await _runtime.ConfigEditor.EditAsync(
            ConfigFileKind.Config,
            document =>
            {
                var result = new UsableEdit([], []);
                foreach (var name in names)
                {
                    if (before.GetProfile(name) is null && !document.HasSection(SectionKind.Profile, name))
                    {
                        document.AddSection(SectionKind.Profile, name);
                        result.AddedSections.Add(name);
                    }

                    var profile = before.GetProfile(name);
                    var hasSource = profile is not null && HasSourceForOtherTools(profile, ignorePlaintextKeys: afterPlaintextRemoval);
                    if (writeCredentialProcess && !hasSource && document.GetValue(SectionKind.Profile, name, Keys.CredentialProcess) is null)
                    {
                        document.SetValue(SectionKind.Profile, name, Keys.CredentialProcess, CredentialProcessFor(name));
                        result.CredentialProcessAdded.Add(name);
                    }
                }

                return result;
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // True when the AWS CLI would get credentials from the profile's own settings.
    private static bool HasSourceForOtherTools(ConfigSection profile, bool ignorePlaintextKeys)
        => profile.Has(Keys.RoleArn) || profile.Has(Keys.CredentialProcess) || profile.Has(Keys.WebIdentityTokenFile)
        || profile.Has(Keys.SsoSession) || profile.Has(Keys.SsoAccountId) || profile.Has(Keys.SsoStartUrl) || profile.Has(Keys.CredentialSource)
        || (!ignorePlaintextKeys && profile.Has(Keys.AwsAccessKeyId));

    private sealed record UsableEdit(List<string> AddedSections, List<string> CredentialProcessAdded);
}

/// <summary>How keys are written.</summary>
/// <param name="Force">Replace a different key already stored for the profile.</param>
/// <param name="WriteCredentialProcess">Give a profile without a source of its own <c>credential_process = sesame credential-process NAME</c>, so the AWS CLI and SDKs reach the stored key.</param>
public sealed record KeyWriteOptions(bool Force = false, bool WriteCredentialProcess = true);

/// <summary>What <c>keys add</c> did.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="MaskedKeyId">The key id, last 4 characters.</param>
/// <param name="Backend">The store backend it went to.</param>
/// <param name="Replaced">True when a different stored key was replaced (with force).</param>
/// <param name="AddedSection">True when <c>[profile NAME]</c> was added to the config file.</param>
/// <param name="AddedCredentialProcess">True when <c>credential_process</c> was written into it.</param>
/// <param name="ConfigPath">The config file.</param>
/// <param name="PlaintextKeys">Where plaintext keys of the profile still are, if anywhere.</param>
public sealed record KeyAddResult(string Profile, string MaskedKeyId, string Backend, bool Replaced, bool AddedSection, bool AddedCredentialProcess, string ConfigPath, SourceLocation? PlaintextKeys);

/// <summary>One imported key.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="MaskedKeyId">The key id, last 4 characters.</param>
public sealed record ImportedKey(string Profile, string MaskedKeyId);

/// <summary>Plaintext keys deleted from a file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Profiles">The profiles whose keys were deleted.</param>
/// <param name="BackupPath">The 0600 backup written first.</param>
public sealed record PlaintextRemoval(string Path, IReadOnlyList<string> Profiles, string? BackupPath);

/// <summary>What <c>keys import</c> did.</summary>
/// <param name="Imported">The keys stored.</param>
/// <param name="Skipped">Profiles skipped because they hold temporary credentials.</param>
/// <param name="Removed">Plaintext deleted from the files.</param>
/// <param name="Backend">The store backend, when anything was stored.</param>
public sealed record KeyImportResult(IReadOnlyList<ImportedKey> Imported, IReadOnlyList<string> Skipped, IReadOnlyList<PlaintextRemoval> Removed, string? Backend)
{
    /// <summary>Profiles that got <c>credential_process = sesame credential-process NAME</c>.</summary>
    public IReadOnlyList<string> CredentialProcessAdded { get; init; } = [];

    /// <summary>The config file those were written to.</summary>
    public string? ConfigPath { get; init; }
}
