using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Stores.Typed;

namespace Sesame.Core.Aws;

/// <summary>What a rotation did (key ids masked).</summary>
public sealed record RotationResult(string Profile, string OldKey, string NewKey, string UserArn);

/// <summary>
/// Rotates a profile's stored access key the way aws-vault does, ordered so that a failure at any
/// step leaves a working key in the store: check the old key (GetCallerIdentity), create the new
/// key, wait until it works as the same user, store it, and only then delete the old key (with
/// the new one). If the new key cannot be verified or stored, it is deleted again and the old key
/// stays as it was.
/// </summary>
public sealed class KeyRotator
{
    private readonly AccessKeyStore _keys;
    private readonly IIamClient _iam;
    private readonly IStsIdentityClient _sts;
    private readonly TimeProvider _time;
    private readonly Action<string> _progress;

    /// <summary>Creates the rotator.</summary>
    /// <param name="keys">Where the profile's keys are.</param>
    /// <param name="iam">IAM.</param>
    /// <param name="sts">STS, to check keys.</param>
    /// <param name="time">The clock (for waiting on IAM's eventual consistency).</param>
    /// <param name="progress">Receives one line per step (never a secret).</param>
    public KeyRotator(AccessKeyStore keys, IIamClient iam, IStsIdentityClient sts, TimeProvider time, Action<string> progress)
    {
        _keys = keys;
        _iam = iam;
        _sts = sts;
        _time = time;
        _progress = progress;
    }

    /// <summary>How long to wait for a new key to start working (IAM is eventually consistent).</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Rotates the stored key of <paramref name="profile"/>.</summary>
    public async Task<RotationResult> RotateAsync(string profile, CancellationToken cancellationToken = default)
    {
        var old = _keys.Get(profile)
            ?? throw new SesameException($"profile '{profile}' has no access keys in Sesame's store; move them there first with 'sesame keys import {profile}' or 'sesame keys add {profile}'", ExitCodes.ConfigError);
        var oldMasked = CredentialsPayload.Mask(old.AccessKeyId);

        var identity = await _sts.GetCallerIdentityAsync(old, cancellationToken).ConfigureAwait(false);
        var userName = UserNameOf(identity.Arn)
            ?? throw new SesameException($"the keys of profile '{profile}' belong to {identity.Arn}, not to an IAM user; only IAM user keys can be rotated", ExitCodes.ConfigError);
        _progress($"Current key {oldMasked} belongs to {identity.Arn}");

        var created = await _iam.CreateAccessKeyAsync(old, userName, cancellationToken).ConfigureAwait(false);
        var fresh = created.Credentials;
        var newMasked = CredentialsPayload.Mask(fresh.AccessKeyId);
        _progress($"Created key {newMasked}");

        try
        {
            await WaitUntilWorksAsync(fresh, identity.Arn, cancellationToken).ConfigureAwait(false);
            _progress($"Key {newMasked} works");
            _keys.Put(profile, fresh, created.Created);
            _progress($"Stored key {newMasked} for profile '{profile}'");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var cleanup = await TryDeleteAsync(old, userName, fresh.AccessKeyId).ConfigureAwait(false);
            var what = cleanup is null ? $"it was deleted again" : $"it could not be deleted again ({cleanup}): delete key {newMasked} in IAM";
            throw new SesameException($"key rotation for profile '{profile}' failed: {OneLine(e)}; the new key {newMasked} was not kept ({what}); the old key {oldMasked} is unchanged and still stored", e is SesameException s ? s.ExitCode : ExitCodes.CredentialsFailed, e);
        }

        try
        {
            await _iam.DeleteAccessKeyAsync(fresh, userName, old.AccessKeyId, cancellationToken).ConfigureAwait(false);
        }
        catch (SesameException e)
        {
            throw new SesameException($"the new key {newMasked} is stored and works, but the old key {oldMasked} could not be deleted ({e.Message}); delete it in IAM", ExitCodes.CredentialsFailed, e);
        }

        _progress($"Deleted old key {oldMasked}");
        return new RotationResult(profile, oldMasked, newMasked, identity.Arn);
    }

    /// <summary>The user name of an IAM user ARN (<c>arn:aws:iam::123:user/path/name</c>), or <c>null</c>.</summary>
    public static string? UserNameOf(string arn)
    {
        var marker = arn.IndexOf(":user/", StringComparison.Ordinal);
        return marker < 0 || !arn.StartsWith("arn:", StringComparison.Ordinal) ? null : arn[(marker + 6)..].Split('/')[^1];
    }

    private async Task WaitUntilWorksAsync(AwsCredentials fresh, string expectedArn, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + VerifyTimeout;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                var identity = await _sts.GetCallerIdentityAsync(fresh, cancellationToken).ConfigureAwait(false);
                if (identity.Arn != expectedArn)
                {
                    throw new SesameException($"the new key belongs to {identity.Arn}, not {expectedArn}", ExitCodes.CredentialsFailed);
                }

                return;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "InvalidClientTokenId" && _time.GetUtcNow() + delay < deadline)
            {
                // New IAM keys take a few seconds to reach STS.
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task<string?> TryDeleteAsync(AwsCredentials caller, string userName, string accessKeyId)
    {
        try
        {
            await _iam.DeleteAccessKeyAsync(caller, userName, accessKeyId).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is SesameException or HttpRequestException)
        {
            return OneLine(e);
        }
    }

    private static string OneLine(Exception e) => e.Message.Split('\n')[0];
}
