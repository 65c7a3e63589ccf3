using System.Globalization;
using System.Text;
using System.Text.Json;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Json;
using Sesame.Core.Platform;

namespace Sesame.Core.SignIn;

/// <summary>
/// Signs a browser in to the AWS console with temporary credentials (aws-wire-reference §7; the
/// custom identity broker flow of the IAM user guide; aws-vault <c>cli/login.go</c>):
/// <list type="number">
/// <item>Long-term IAM user keys first become a federation session with GetFederationToken (an
/// allow-everything session policy, so the session can do what the user can do and no more), because
/// the federation endpoint accepts only temporary credentials from AssumeRole* or GetFederationToken —
/// so no long-term key ever reaches it.</item>
/// <item><c>GET federation?Action=getSigninToken&amp;Session={sessionId,sessionKey,sessionToken}</c>,
/// with <c>SessionDuration</c> (900–43200 s) only for a role session that is not role-chained.</item>
/// <item>The <c>Action=login</c> URL with <c>Issuer</c>, <c>Destination</c> and the sign-in token.</item>
/// </list>
/// </summary>
public sealed class ConsoleSignIn
{
    /// <summary>The session policy for GetFederationToken: the federated session gets everything the user's own policies allow (their intersection).</summary>
    public const string AllowAllPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    /// <summary>The federation token's lifetime when none is asked for (aws-vault's default; AWS's own is 12 hours).</summary>
    public static readonly TimeSpan DefaultFederationDuration = TimeSpan.FromHours(1);

    /// <summary>How long a login URL works after it is made.</summary>
    public static readonly TimeSpan LoginUrlLifetime = TimeSpan.FromMinutes(15);

    private readonly IStsClientFactory _sts;
    private readonly AwsHttpOptions _http;
    private readonly TimeProvider _time;
    private readonly ILog _log;

    /// <summary>Creates the sign-in flow.</summary>
    /// <param name="sts">STS clients (GetFederationToken, GetCallerIdentity for long-term keys).</param>
    /// <param name="http">HTTP for the federation endpoint (the test handler, timeout).</param>
    /// <param name="time">The clock (the login URL's expiry).</param>
    /// <param name="log">Warnings (a duration AWS would refuse) and debug lines; never secrets.</param>
    public ConsoleSignIn(IStsClientFactory sts, AwsHttpOptions http, TimeProvider time, ILog log)
    {
        _sts = sts;
        _http = http;
        _time = time;
        _log = log;
    }

    /// <summary>Makes the login URL. Throws <see cref="ConfigException"/> for bad durations or destinations and <see cref="CredentialsException"/> when AWS refuses.</summary>
    public async Task<ConsoleLogin> CreateLoginAsync(ConsoleSignInRequest request, CancellationToken cancellationToken)
    {
        var destination = ConsoleUrls.Destination(request.Region, request.Service, request.Destination);
        var (credentials, source, federatedArn) = request.Source switch
        {
            ConsoleSessionSource.SessionToken => throw new CredentialsException(
                "the AWS console does not accept GetSessionToken credentials; sign in with a role profile, or with the IAM user's own keys (Sesame then asks STS for a federation token)"),
            ConsoleSessionSource.LongTermKeys => await FederateAsync(request, cancellationToken).ConfigureAwait(false),
            _ => (request.Credentials, request.Source, (string?)null),
        };

        if (credentials.SessionToken is null)
        {
            throw new CredentialsException("console sign-in needs temporary credentials; these have no session token");
        }

        var sessionDuration = SessionDuration(request, source);
        var token = await GetSigninTokenAsync(request.FederationEndpoint, credentials, sessionDuration, cancellationToken).ConfigureAwait(false);
        var url = ConsoleUrls.LoginUrl(request.FederationEndpoint, request.Issuer, destination, token);
        return new ConsoleLogin(url, destination, _time.GetUtcNow() + LoginUrlLifetime, sessionDuration is not null, federatedArn);
    }

    /// <summary>
    /// The <c>SessionDuration</c> to send: only for a role session that is not role-chained (AWS answers
    /// 400 otherwise), 900 to 43200 seconds.
    /// </summary>
    internal int? SessionDuration(ConsoleSignInRequest request, ConsoleSessionSource source)
    {
        if (request.Duration is not { } duration)
        {
            return null;
        }

        switch (source)
        {
            case ConsoleSessionSource.RoleSession:
                var seconds = (long)duration.TotalSeconds;
                if (seconds is < 900 or > 43200)
                {
                    throw new ConfigException($"the console session duration must be 15 minutes to 12 hours, not {Durations(duration)}");
                }

                return (int)seconds;
            case ConsoleSessionSource.ChainedRoleSession:
                _log.Warn("the duration is ignored: AWS does not let role-chained sessions choose the console session's length; it lasts as long as the role's credentials");
                return null;
            case ConsoleSessionSource.FederationSession when request.Source == ConsoleSessionSource.FederationSession:
                _log.Warn("the duration is ignored: a federation session's console session lasts as long as the federation token");
                return null;
            default:
                // Long-term keys: the duration went into GetFederationToken.
                return null;
        }
    }

    private async Task<(AwsCredentials, ConsoleSessionSource, string?)> FederateAsync(ConsoleSignInRequest request, CancellationToken cancellationToken)
    {
        if (request.Credentials.SessionToken is not null)
        {
            throw new CredentialsException("GetFederationToken needs long-term IAM user keys; these are temporary credentials");
        }

        var duration = request.Duration ?? DefaultFederationDuration;
        var seconds = (long)duration.TotalSeconds;
        if (seconds is < 900 or > 129600)
        {
            throw new ConfigException($"the federation session duration must be 15 minutes to 36 hours, not {Durations(duration)}");
        }

        var sts = _sts.Create(request.StsEndpoint ?? new AwsEndpoint(request.Region, null, false, false));
        var name = request.FederatedUserName ?? UserName((await sts.GetCallerIdentityAsync(request.Credentials, cancellationToken).ConfigureAwait(false)).Arn);
        name = FederatedUserName(name);
        var result = await sts.GetFederationTokenAsync(request.Credentials, name, AllowAllPolicy, (int)seconds, cancellationToken).ConfigureAwait(false);
        _log.Debug($"console sign-in: federation session {KeyDisplay.Mask(result.Credentials.AccessKeyId)} for {result.AssumedRoleArn ?? name}");
        return (result.Credentials, ConsoleSessionSource.FederationSession, result.AssumedRoleArn);
    }

    private async Task<string> GetSigninTokenAsync(Uri endpoint, AwsCredentials credentials, int? sessionDuration, CancellationToken cancellationToken)
    {
        // The query carries the session's secret: this URL is never logged or shown.
        var query = new StringBuilder("?Action=getSigninToken");
        if (sessionDuration is { } seconds)
        {
            query.Append("&SessionDuration=").Append(seconds.ToString(CultureInfo.InvariantCulture));
        }

        query.Append("&Session=").Append(Uri.EscapeDataString(SessionJson(credentials)));
        using var client = _http.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        client.Timeout = _http.Timeout ?? TimeSpan.FromSeconds(30);
        var shown = endpoint.GetLeftPart(UriPartial.Path);
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(new Uri(endpoint.GetLeftPart(UriPartial.Path) + query), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CredentialsException($"cannot reach the console federation endpoint {shown}: {e.Message}", ExitCodes.ServiceUnavailable);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CredentialsException($"the console federation endpoint {shown} did not answer in {client.Timeout.TotalSeconds:0} s", ExitCodes.Timeout);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode != 200)
            {
                var hint = sessionDuration is null ? string.Empty : " (AWS refuses SessionDuration for role-chained sessions; try without a duration)";
                throw new CredentialsException($"the console federation endpoint {shown} refused the session: HTTP {(int)response.StatusCode}{hint}");
            }

            try
            {
                if (FlatJson.Parse(body).GetString("SigninToken") is { Length: > 0 } token)
                {
                    return token;
                }
            }
            catch (InvalidJsonException)
            {
                // Reported below.
            }

            throw new CredentialsException($"the console federation endpoint {shown} answered without a SigninToken");
        }
    }

    /// <summary>The <c>Session</c> parameter: <c>{"sessionId","sessionKey","sessionToken"}</c>.</summary>
    internal static string SessionJson(AwsCredentials credentials)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", credentials.AccessKeyId);
            writer.WriteString("sessionKey", credentials.SecretAccessKey);
            writer.WriteString("sessionToken", credentials.SessionToken);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The user name of an IAM user ARN (<c>arn:aws:iam::1:user/path/alice</c> → <c>alice</c>; root → <c>root</c>).</summary>
    internal static string UserName(string arn)
    {
        var resource = arn.Split(':', 6) is { Length: 6 } parts ? parts[5] : arn;
        return resource.Split('/')[^1];
    }

    /// <summary>A GetFederationToken <c>Name</c>: 2 to 32 of <c>[A-Za-z0-9+=,.@_-]</c>, others replaced by '-'.</summary>
    internal static string FederatedUserName(string name)
    {
        var cleaned = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || "+=,.@_-".Contains(c, StringComparison.Ordinal) ? c : '-')]);
        if (cleaned.Length < 2)
        {
            cleaned = "sesame-" + cleaned;
        }

        return cleaned.Length > 32 ? cleaned[..32] : cleaned;
    }

    private static string Durations(TimeSpan duration) => duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
}
