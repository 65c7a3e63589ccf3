using Sesame.Core.Aws;
using Sesame.Core.Config.Chain;
using Sesame.Core.Credentials;
using Sesame.Core.Mfa;

namespace Sesame.Core.Providers;

/// <summary>
/// One role hop: AssumeRole signed with the source provider's credentials. When the hop has an
/// <c>mfa_serial</c> and MFA has not already been satisfied by a session token, the code is sent
/// with the call; a refused code is asked for once more (a person may have mistyped it).
/// </summary>
public sealed class AssumeRoleProvider : ICredentialProvider
{
    private readonly ICredentialProvider _source;
    private readonly RoleStep _step;
    private readonly Func<IStsClient> _sts;
    private readonly IMfaCodeSource? _mfa;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    /// <param name="source">Credentials to call AssumeRole with.</param>
    /// <param name="step">The hop (role, session name, external id, duration, MFA device).</param>
    /// <param name="sts">Creates the STS client on first use.</param>
    /// <param name="mfa">Where MFA codes come from, or <c>null</c> when this hop sends no MFA (already in the session).</param>
    /// <param name="time">The clock (for the default session name).</param>
    public AssumeRoleProvider(ICredentialProvider source, RoleStep step, Func<IStsClient> sts, IMfaCodeSource? mfa, TimeProvider time)
    {
        _source = source;
        _step = step;
        _sts = sts;
        _mfa = mfa;
        _time = time;
    }

    /// <inheritdoc />
    public string Name => $"assume-role {_step.Profile} ({_step.RoleArn.Value})";

    /// <summary>The hop this provider performs.</summary>
    public RoleStep Step => _step;

    /// <summary>True when this hop sends an MFA code itself.</summary>
    public bool SendsMfa => _mfa is not null && _step.MfaSerial is not null;

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        // The client first: creating it lets the SDK's first-call preparation run while the source
        // credentials (and any MFA code) are being obtained.
        var sts = _sts();
        var caller = await _source.GetAsync(cancellationToken).ConfigureAwait(false);
        var sessionName = _step.SessionName ?? RoleSessionNames.Default(_time.GetUtcNow());
        var serial = SendsMfa ? _step.MfaSerial!.Value : null;
        for (var attempt = 1; ; attempt++)
        {
            var code = serial is null ? null : await _mfa!.GetCodeAsync(serial, _step.Profile, attempt, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await sts.AssumeRoleAsync(
                    caller,
                    new AssumeRoleRequest(_step.RoleArn.Value, sessionName, _step.ExternalId, _step.DurationSeconds, serial, code),
                    cancellationToken).ConfigureAwait(false);
                return result.Credentials;
            }
            catch (AwsServiceException e) when (code is not null && attempt == 1 && MfaRefused(e))
            {
                // One more try with a fresh code; the source decides whether it can offer one.
            }
            catch (AwsServiceException e)
            {
                throw new CredentialsException($"profile '{_step.Profile}': could not assume {_step.RoleArn.Value}: {e.ErrorCode ?? "error"}: {e.ServiceMessage}", e.ExitCode, e);
            }
        }
    }

    /// <summary>True when STS refused the call because of the MFA code.</summary>
    internal static bool MfaRefused(AwsServiceException e)
        => e.ErrorCode == "AccessDenied" && (e.Message.Contains("MultiFactorAuthentication", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("MFA", StringComparison.Ordinal));
}
