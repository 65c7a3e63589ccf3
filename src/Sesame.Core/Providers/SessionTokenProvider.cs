using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Mfa;

namespace Sesame.Core.Providers;

/// <summary>
/// GetSessionToken with MFA on long-term keys: the session Sesame assumes every role from, so that
/// all the roles behind one MFA device cost one prompt per session lifetime (the AWS CLI prompts
/// once per role per hour). Temporary credentials from this call carry the MFA context, which
/// MFA-conditioned trust policies accept, and can call only STS AssumeRole/GetCallerIdentity
/// (and IAM, because MFA was given).
/// </summary>
public sealed class SessionTokenProvider : ICredentialProvider
{
    private readonly ICredentialProvider _source;
    private readonly string _serial;
    private readonly string _profile;
    private readonly int? _durationSeconds;
    private readonly Func<IStsClient> _sts;
    private readonly IMfaCodeSource _mfa;

    /// <summary>Creates the provider.</summary>
    public SessionTokenProvider(ICredentialProvider source, string serialNumber, string profile, int? durationSeconds, Func<IStsClient> sts, IMfaCodeSource mfa)
    {
        _source = source;
        _serial = serialNumber;
        _profile = profile;
        _durationSeconds = durationSeconds;
        _sts = sts;
        _mfa = mfa;
    }

    /// <inheritdoc />
    public string Name => $"session-token {_profile} ({_serial})";

    /// <summary>The MFA device.</summary>
    public string SerialNumber => _serial;

    /// <summary>The requested duration, or <c>null</c> for STS's default.</summary>
    public int? DurationSeconds => _durationSeconds;

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        // The client first, as in AssumeRoleProvider: the SDK warms up while the caller is resolved.
        var sts = _sts();
        var caller = await _source.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var code = await _mfa.GetCodeAsync(_serial, _profile, attempt, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await sts.GetSessionTokenAsync(caller, _durationSeconds, _serial, code, cancellationToken).ConfigureAwait(false);
                return result.Credentials with { AccountId = result.Credentials.AccountId ?? caller.AccountId };
            }
            catch (AwsServiceException e) when (attempt == 1 && AssumeRoleProvider.MfaRefused(e))
            {
            }
            catch (AwsServiceException e)
            {
                throw new CredentialsException($"profile '{_profile}': GetSessionToken with MFA {_serial} failed: {e.ErrorCode ?? "error"}: {e.ServiceMessage}", e.ExitCode, e);
            }
        }
    }
}
